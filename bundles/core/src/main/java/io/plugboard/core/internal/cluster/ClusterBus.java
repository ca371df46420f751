package io.plugboard.core.internal.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plugboard.api.cluster.Cluster;
import io.plugboard.core.internal.storage.Transactions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one node tells the others, over PostgreSQL {@code LISTEN/NOTIFY} on the channel {@value #CHANNEL}:
 * <ul>
 *   <li>every Plugboard event this node posts to EventAdmin ({@code plugboard/*}: events dispatched, connection and
 *       execution changes), posted again on the other nodes with {@value #ORIGIN} set to this node's id - so that an
 *       event stream on any node shows what happened on all of them, and an event is passed on only once;</li>
 *   <li>notices ({@link #notice}), e.g. "resources changed": the other nodes drop their read caches.</li>
 * </ul>
 * Messages go out from one sender thread, several per notification (8000 bytes at most); a message too large for a
 * notification is stored in {@code plugboard_bus_message} and the notification names its row. Event bodies over
 * {@value #MAX_BODY_CHARS} characters stay at home ({@code bodyOmitted}). On H2 (one node) nothing is sent and nothing
 * listened to.
 *
 * <p>A node that is not listening (its listening connection broke; it reconnects within a second) misses what is
 * sent meanwhile: the streams are live views, and the read caches expire on their own ({@code resourceCacheMillis}).
 */
@Component(service = {ClusterBus.class, EventHandler.class}, immediate = true,
        property = EventConstants.EVENT_TOPIC + "=plugboard/*")
public class ClusterBus implements EventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterBus.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String CHANNEL = "plugboard";
    /** The property of an event that came from another node: that node's id. */
    public static final String ORIGIN = "plugboard.node";
    /** A notification payload stays below PostgreSQL's limit of 8000 bytes. */
    static final int MAX_NOTIFY_BYTES = 7000;
    static final long MESSAGE_ROWS_KEPT_MILLIS = 60_000;
    /** A body larger than this goes to the other nodes' streams without its text (the event itself is stored). */
    static final int MAX_BODY_CHARS = 1024 * 1024;
    /** Messages waiting to be sent; when the database cannot keep up, newer ones are dropped (and counted). */
    static final int QUEUE = 10_000;
    /** How many waiting messages one round trip sends at most. */
    static final int BATCH = 200;

    private final java.util.concurrent.BlockingQueue<Map<String, Object>> outbox =
            new java.util.concurrent.LinkedBlockingQueue<>(QUEUE);
    private final java.util.concurrent.atomic.AtomicLong dropped = new java.util.concurrent.atomic.AtomicLong();
    private Thread sender;

    private final DataSource dataSource;
    private final Transactions jdbc;
    private final String nodeId;
    private final boolean shared;
    private final Map<String, List<Runnable>> noticeListeners = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean running = true;
    private Thread listener;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin eventAdmin;

    @Activate
    public ClusterBus(@Reference(target = "(dataSourceName=plugboard)") DataSource dataSource, @Reference Cluster cluster) {
        this.dataSource = dataSource;
        this.jdbc = new Transactions(dataSource);
        this.nodeId = cluster.nodeId();
        this.shared = ClusterComponent.isPostgres(jdbc.read(c -> c.getMetaData().getDatabaseProductName()));
        if (shared) {
            listener = new Thread(this::listen, "plugboard-cluster-listen");
            listener.setDaemon(true);
            listener.start();
            sender = new Thread(this::sendLoop, "plugboard-cluster-send");
            sender.setDaemon(true);
            sender.start();
        }
    }

    @Deactivate
    void deactivate() {
        running = false;
        if (listener != null) {
            listener.interrupt();
        }
        if (sender != null) {
            sender.interrupt();
        }
    }

    /** Runs {@code action} on this node when another node sends {@code notice}. */
    public void onNotice(String notice, Runnable action) {
        noticeListeners.computeIfAbsent(notice, k -> new CopyOnWriteArrayList<>()).add(action);
    }

    /** Tells the other nodes {@code notice} (nothing on H2). Never fails the caller: a lost notice is logged. */
    public void notice(String notice) {
        if (shared) {
            send(Map.of("o", nodeId, "n", notice));
        }
    }

    @Override
    public void handleEvent(Event event) {
        if (!shared || event.getProperty(ORIGIN) != null) {
            return; // one node; or it came from another node already
        }
        Map<String, String> props = new LinkedHashMap<>();
        for (String name : event.getPropertyNames()) {
            Object value = event.getProperty(name);
            if (!name.equals(EventConstants.EVENT_TOPIC) && (value instanceof String || value instanceof Number
                    || value instanceof Boolean)) {
                String text = value.toString();
                if (name.equals("body") && text.length() > MAX_BODY_CHARS) {
                    props.put("bodyOmitted", "true");
                    continue;
                }
                props.put(name, text);
            }
        }
        send(Map.of("o", nodeId, "t", event.getTopic(), "p", props));
    }

    /** Queues the message for the sender thread: EventAdmin's thread never waits for the database. */
    private void send(Map<String, Object> message) {
        if (!outbox.offer(message)) {
            long n = dropped.incrementAndGet();
            if (n == 1 || n % 10_000 == 0) {
                LOG.warn("Node {}: {} message(s) to the other nodes dropped: the database does not keep up", nodeId, n);
            }
        }
    }

    /**
     * Sends what is waiting, {@value #BATCH} messages at most per round trip: messages are packed into notifications of
     * up to {@value #MAX_NOTIFY_BYTES} bytes (a JSON array each); one too large for a notification is stored in
     * {@code plugboard_bus_message} and named.
     */
    private void sendLoop() {
        java.util.List<Map<String, Object>> batch = new java.util.ArrayList<>();
        while (running) {
            try {
                batch.add(outbox.take());
            } catch (InterruptedException e) {
                return;
            }
            outbox.drainTo(batch, BATCH - 1);
            try {
                java.util.List<String> payloads = pack(batch);
                jdbc.read(c -> {
                    try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                        for (String payload : payloads) {
                            String p = payload;
                            if (p.startsWith("R")) { // too large: the row, then its name
                                String id = UUID.randomUUID().toString();
                                try (PreparedStatement insert = c.prepareStatement("INSERT INTO plugboard_bus_message "
                                        + "(id, payload, created_at) VALUES (?, ?, ?)")) {
                                    insert.setString(1, id);
                                    insert.setBytes(2, p.substring(1).getBytes(StandardCharsets.UTF_8));
                                    insert.setLong(3, System.currentTimeMillis());
                                    insert.executeUpdate();
                                }
                                p = "r" + id;
                            }
                            ps.setString(1, CHANNEL);
                            ps.setString(2, p);
                            ps.execute();
                        }
                    }
                    return null;
                });
            } catch (IOException | RuntimeException e) {
                LOG.warn("Node {}: {} message(s) to the other nodes not sent: {}", nodeId, batch.size(), e.toString());
            }
            batch.clear();
        }
    }

    /** Notification payloads: {@code m[...]} arrays of messages that fit, {@code R...} for one that does not. */
    static java.util.List<String> pack(java.util.List<Map<String, Object>> messages) throws IOException {
        java.util.List<String> payloads = new java.util.ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (Map<String, Object> message : messages) {
            String json = JSON.writeValueAsString(message);
            int bytes = json.getBytes(StandardCharsets.UTF_8).length;
            if (bytes + 3 > MAX_NOTIFY_BYTES) {
                payloads.add("R[" + json + "]");
                continue;
            }
            if (current.length() > 0 && current.toString().getBytes(StandardCharsets.UTF_8).length + bytes + 2 > MAX_NOTIFY_BYTES) {
                payloads.add("m[" + current + "]");
                current.setLength(0);
            }
            if (current.length() > 0) {
                current.append(',');
            }
            current.append(json);
        }
        if (current.length() > 0) {
            payloads.add("m[" + current + "]");
        }
        return payloads;
    }

    // ---- listening ----------------------------------------------------------------------------------

    private void listen() {
        long lastCleanup = 0;
        while (running) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(true);
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN " + CHANNEL);
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                LOG.debug("Node {} listens to the other nodes", nodeId);
                try {
                    while (running) {
                        PGNotification[] received = pg.getNotifications(1000);
                        if (received != null) {
                            for (PGNotification n : received) {
                                receive(c, n.getParameter());
                            }
                        }
                        if (System.currentTimeMillis() - lastCleanup > MESSAGE_ROWS_KEPT_MILLIS) {
                            lastCleanup = System.currentTimeMillis();
                            cleanup(c);
                        }
                    }
                } finally {
                    try (Statement st = c.createStatement()) {
                        st.execute("UNLISTEN *"); // the connection goes back to the pool
                    } catch (SQLException ignored) {
                        // closing anyway
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warn("Node {}: listening to the other nodes failed, again in 1 s: {}", nodeId, e.toString());
                try {
                    TimeUnit.SECONDS.sleep(1); // a back-off before reconnecting, not a synchronisation
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    private void receive(Connection c, String payload) {
        try {
            byte[] bytes;
            if (payload.startsWith("r")) {
                bytes = stored(c, payload.substring(1));
                if (bytes == null) {
                    return; // cleaned up already
                }
            } else {
                bytes = payload.substring(1).getBytes(StandardCharsets.UTF_8);
            }
            List<Map<String, Object>> messages = JSON.readValue(bytes, new TypeReference<List<Map<String, Object>>>() { });
            for (Map<String, Object> message : messages) {
                deliver(message);
            }
        } catch (IOException | SQLException | RuntimeException e) {
            LOG.warn("Node {}: a message from another node was not understood: {}", nodeId, e.toString());
        }
    }

    private void deliver(Map<String, Object> message) {
        if (nodeId.equals(message.get("o"))) {
            return; // our own
        }
        if (message.get("n") != null) {
            for (Runnable action : noticeListeners.getOrDefault((String) message.get("n"), List.of())) {
                action.run();
            }
            return;
        }
        EventAdmin admin = eventAdmin;
        if (admin != null && message.get("t") instanceof String topic && message.get("p") instanceof Map<?, ?> p) {
            Map<String, Object> props = new HashMap<>();
            p.forEach((k, v) -> props.put(String.valueOf(k), v));
            props.put(ORIGIN, message.get("o"));
            admin.postEvent(new Event(topic, props));
        }
    }

    private static byte[] stored(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT payload FROM plugboard_bus_message WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        }
    }

    private static void cleanup(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM plugboard_bus_message WHERE created_at < ?")) {
            ps.setLong(1, System.currentTimeMillis() - MESSAGE_ROWS_KEPT_MILLIS);
            ps.executeUpdate();
        }
    }
}
