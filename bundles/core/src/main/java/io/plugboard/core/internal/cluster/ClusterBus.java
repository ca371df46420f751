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
 * A message too large for a notification (8000 bytes) is stored in {@code plugboard_bus_message} and the notification
 * names its row. On H2 (one node) nothing is sent and nothing listened to.
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
        }
    }

    @Deactivate
    void deactivate() {
        running = false;
        if (listener != null) {
            listener.interrupt();
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
                props.put(name, value.toString());
            }
        }
        send(Map.of("o", nodeId, "t", event.getTopic(), "p", props));
    }

    private void send(Map<String, Object> message) {
        try {
            byte[] bytes = JSON.writeValueAsBytes(message);
            jdbc.read(c -> {
                String payload;
                if (bytes.length <= MAX_NOTIFY_BYTES) {
                    payload = "m" + new String(bytes, StandardCharsets.UTF_8);
                } else {
                    String id = UUID.randomUUID().toString();
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO plugboard_bus_message (id, payload, "
                            + "created_at) VALUES (?, ?, ?)")) {
                        ps.setString(1, id);
                        ps.setBytes(2, bytes);
                        ps.setLong(3, System.currentTimeMillis());
                        ps.executeUpdate();
                    }
                    payload = "r" + id;
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                    ps.setString(1, CHANNEL);
                    ps.setString(2, payload);
                    ps.execute();
                }
                return null;
            });
        } catch (IOException | RuntimeException e) {
            LOG.warn("Node {}: a message to the other nodes was not sent: {}", nodeId, e.toString());
        }
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
            Map<String, Object> message = JSON.readValue(bytes, new TypeReference<Map<String, Object>>() { });
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
        } catch (IOException | SQLException | RuntimeException e) {
            LOG.warn("Node {}: a message from another node was not understood: {}", nodeId, e.toString());
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
