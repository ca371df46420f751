package io.plugboard.core.internal.event;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import io.plugboard.api.cluster.Cluster;
import io.plugboard.api.event.Attempt;
import io.plugboard.api.event.Delivery;
import io.plugboard.api.event.Event;
import io.plugboard.api.event.EventDetail;
import io.plugboard.api.event.EventQuery;
import io.plugboard.api.event.EventService;
import io.plugboard.api.event.EventStatus;
import io.plugboard.api.event.IngestResult;
import io.plugboard.api.provider.ProviderRegistry;
import io.plugboard.api.provider.WebhookBody;
import io.plugboard.api.provider.WebhookVerification;
import io.plugboard.api.resource.Kind;
import io.plugboard.api.resource.IntegrationTypes;
import io.plugboard.api.resource.Resource;
import io.plugboard.api.resource.ResourceRef;
import io.plugboard.api.resource.ResourceService;
import io.plugboard.api.resource.Scope;
import io.plugboard.api.system.SystemStatus;
import io.plugboard.core.internal.storage.Transactions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event log in the database. {@link #ingest} stores the event and its deliveries in one transaction - shared
 * with the ingests that arrive at the same moment ({@link GroupCommit}) - and returns after the commit, so whatever
 * was acknowledged is dispatched even after a crash: the queue is the {@code plugboard_delivery} table, not memory.
 */
@Component(service = {EventService.class, DeliveryQueue.class, IngestTap.class}, immediate = true)
public class EventServiceImpl implements EventService, DeliveryQueue, IngestTap {

    private static final Logger LOG = LoggerFactory.getLogger(EventServiceImpl.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVENT_COLUMNS = "id, integration_uid, provider, delivery_id, event_type, received_at, headers, status";

    /** Bodies up to this size are stored in the event's row; larger ones in pieces (plugboard_event_body). */
    static final int INLINE_BODY_BYTES = 256 * 1024;
    static final int BODY_PIECE_BYTES = 256 * 1024;

    /** Ingests that arrive together are committed together (group commit), each acknowledged after its commit. */
    static final int INGEST_BATCH = 128;

    private final Transactions jdbc;
    private final ResourceService resources;
    /** This node's id: the owner of the leases its dispatcher takes. */
    private final String node;
    private final GroupCommit ingestWriter;
    private volatile Runnable wake = () -> { };
    private volatile IngestTap.Listener tap;

    @Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC)
    volatile ProviderRegistry providers;

    /** The filter fields the provider compares without regard to case; none when it is not registered. */
    private java.util.Set<String> caseInsensitiveFields(String providerId) {
        ProviderRegistry registry = providers;
        return registry == null || providerId == null ? java.util.Set.of() : registry.provider(providerId)
                .map(p -> p.descriptor().caseInsensitiveFilterFields()).orElse(java.util.Set.of());
    }

    @Activate
    public EventServiceImpl(@Reference(target = "(dataSourceName=plugboard)") DataSource dataSource,
                            @Reference SystemStatus migratedSchema, @Reference ResourceService resources,
                            @Reference Cluster cluster) {
        this(new Transactions(dataSource), resources, cluster.nodeId());
    }

    EventServiceImpl(Transactions jdbc, ResourceService resources) {
        this(jdbc, resources, "local");
    }

    EventServiceImpl(Transactions jdbc, ResourceService resources, String node) {
        this.node = node;
        this.jdbc = jdbc;
        this.resources = resources;
        this.ingestWriter = new GroupCommit(jdbc, INGEST_BATCH, "plugboard-event-writer");
    }

    @Deactivate
    void deactivate() {
        ingestWriter.stop();
    }

    /**
     * The leases this node's dispatcher held when it stopped or died, released as it starts again; other nodes' leases
     * are theirs (and expire on their own when a node is gone). Leases without an owner date from before the cluster
     * schema, when one server was the only dispatcher.
     */
    @Override
    public int releaseLeases() {
        int released = jdbc.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE plugboard_delivery SET lease_until = NULL, lease_owner = NULL "
                    + "WHERE next_attempt_at >= 0 AND lease_until IS NOT NULL AND (lease_owner = ? OR lease_owner IS NULL)")) {
                ps.setString(1, node);
                return ps.executeUpdate();
            }
        });
        if (released > 0) {
            LOG.info("{} delivery(ies) in flight when this node stopped are due again", released);
        }
        return released;
    }

    @Override
    public void extendLeases(List<String> deliveryIds, Instant until) {
        if (deliveryIds.isEmpty()) {
            return;
        }
        jdbc.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE plugboard_delivery SET lease_until = ? "
                    + "WHERE id = ? AND lease_owner = ? AND next_attempt_at IS NOT NULL")) {
                for (String id : deliveryIds) {
                    ps.setLong(1, until.toEpochMilli());
                    ps.setString(2, id);
                    ps.setString(3, node);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public void tap(IngestTap.Listener listener) {
        this.tap = listener;
    }

    @Override
    public void onNewDeliveries(Runnable wake) {
        this.wake = wake == null ? () -> { } : wake;
    }

    // ---- ingest -------------------------------------------------------------------------------------

    @Override
    public IngestResult ingest(Resource integration, WebhookVerification verified, Map<String, String> headers, byte[] body) {
        return ingest(integration, verified, headers, WebhookBody.of(body));
    }

    @Override
    public IngestResult ingest(Resource integration, WebhookVerification verified, Map<String, String> headers, WebhookBody body) {
        String provider = IntegrationTypes.providerId(integration);
        List<Resource> targets = EventMatcher.matching(integration, provider,
                resources.list(Kind.EVENT_SOURCE, integration.scope().organization(), null), verified.attributes(),
                caseInsensitiveFields(provider));
        String id = IDS.generate().toString();
        Instant now = Instant.now();
        String headersJson;
        String attributesJson;
        try {
            headersJson = JSON.writeValueAsString(headers);
            attributesJson = JSON.writeValueAsString(verified.attributes());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        long size = body.length();
        int pieces = size <= INLINE_BODY_BYTES ? 0 : (int) ((size + BODY_PIECE_BYTES - 1) / BODY_PIECE_BYTES);
        boolean written = ingestWriter.write(c -> {
            try (InputStream in = body.open()) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO plugboard_event (" + EVENT_COLUMNS
                        + ", body, attributes, body_size, body_pieces) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, id);
                    ps.setString(2, integration.uid());
                    ps.setString(3, provider);
                    ps.setString(4, verified.deliveryId());
                    ps.setString(5, verified.eventType());
                    ps.setLong(6, now.toEpochMilli());
                    ps.setString(7, headersJson);
                    ps.setString(8, (targets.isEmpty() ? EventStatus.UNMATCHED : EventStatus.PENDING).name());
                    ps.setBytes(9, pieces == 0 ? readExactly(in, (int) size) : new byte[0]);
                    ps.setString(10, attributesJson);
                    ps.setLong(11, size);
                    ps.setInt(12, pieces);
                    ps.executeUpdate();
                }
                if (pieces > 0) {
                    insertPieces(c, id, in, size);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading the received body failed", e);
            }
            insertDeliveries(c, id, targets, now);
        }, size);
        if (!written) {
            String first = jdbc.read(c -> existingId(c, integration.uid(), verified.deliveryId()));
            if (first != null) {
                LOG.debug("Duplicate delivery {} for integration {}", verified.deliveryId(), integration.uid());
                return new IngestResult(first, true);
            }
            throw new IllegalStateException("delivery " + verified.deliveryId() + " was refused as a duplicate, but no "
                    + "first delivery is stored");
        }
        LOG.debug("Stored event {} ({} {}) for {} event source(s)", id, provider, verified.eventType(), targets.size());
        if (!targets.isEmpty()) {
            wake.run();
        }
        IngestTap.Listener listener = tap;
        if (listener != null) {
            try {
                listener.ingested(integration, id, verified.eventType(), body);
            } catch (RuntimeException e) {
                LOG.warn("The listener of stored events failed on event {}: {}", id, e.toString());
            }
        }
        return new IngestResult(id, false);
    }

    /** The body in pieces of {@link #BODY_PIECE_BYTES}: one piece in memory at a time. */
    private static void insertPieces(Connection c, String eventId, InputStream in, long size) throws SQLException, IOException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO plugboard_event_body (event_id, seq, piece) VALUES (?, ?, ?)")) {
            long left = size;
            for (int seq = 0; left > 0; seq++) {
                byte[] piece = readExactly(in, (int) Math.min(BODY_PIECE_BYTES, left));
                ps.setString(1, eventId);
                ps.setInt(2, seq);
                ps.setBytes(3, piece);
                ps.executeUpdate();
                left -= piece.length;
            }
        }
    }

    private static byte[] readExactly(InputStream in, int n) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length != n) {
            throw new IOException("the body ended after " + bytes.length + " of " + n + " bytes");
        }
        return bytes;
    }

    /** An event's body: inline, or put together from its pieces. */
    private static byte[] body(Connection c, String eventId, byte[] inline, long size, int pieces) throws SQLException {
        if (pieces == 0) {
            return inline;
        }
        byte[] body = new byte[(int) size];
        int at = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT piece FROM plugboard_event_body WHERE event_id = ? ORDER BY seq")) {
            ps.setString(1, eventId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byte[] piece = rs.getBytes(1);
                    System.arraycopy(piece, 0, body, at, piece.length);
                    at += piece.length;
                }
            }
        }
        if (at != size) {
            throw new IllegalStateException("event " + eventId + ": " + at + " of " + size + " body bytes stored");
        }
        return body;
    }

    private static void insertDeliveries(Connection c, String eventId, List<Resource> targets, Instant due) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO plugboard_delivery (id, event_id, event_source_uid, "
                + "event_source_org, event_source_canvas, event_source_name, forward_url, status, attempts, next_attempt_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?)")) {
            for (Resource source : targets) {
                ps.setString(1, IDS.generate().toString());
                ps.setString(2, eventId);
                ps.setString(3, source.uid());
                ps.setString(4, source.scope().organization());
                ps.setString(5, source.scope().canvasId() == null ? "" : source.scope().canvasId());
                ps.setString(6, source.name());
                ps.setString(7, forwardUrl(source));
                ps.setString(8, EventStatus.PENDING.name());
                ps.setLong(9, due.toEpochMilli());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @SuppressWarnings("unchecked")
    private static String forwardUrl(Resource source) {
        Object forward = source.spec().get("forward");
        return forward instanceof Map ? (String) ((Map<String, Object>) forward).get("url") : null;
    }

    private static String existingId(Connection c, String integrationUid, String deliveryId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM plugboard_event WHERE integration_uid = ? AND delivery_id = ?")) {
            ps.setString(1, integrationUid);
            ps.setString(2, deliveryId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    // ---- queries ------------------------------------------------------------------------------------

    @Override
    public List<Event> list(EventQuery q) {
        StringBuilder sql = new StringBuilder("SELECT " + EVENT_COLUMNS + " FROM plugboard_event e WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (q.integrationUid() != null) {
            sql.append(" AND e.integration_uid = ?");
            args.add(q.integrationUid());
        }
        if (q.status() != null) {
            sql.append(" AND e.status = ?");
            args.add(q.status().name());
        }
        if (q.since() != null) {
            sql.append(" AND e.received_at >= ?");
            args.add(q.since().toEpochMilli());
        }
        if (q.eventSource() != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM plugboard_delivery d WHERE d.event_id = e.id AND d.event_source_name = ?)");
            args.add(q.eventSource());
        }
        sql.append(" ORDER BY e.received_at DESC, e.id LIMIT ? OFFSET ?");
        args.add(q.limit());
        args.add(q.offset());
        return jdbc.read(c -> {
            List<Event> events = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    ps.setObject(i + 1, args.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        events.add(event(rs));
                    }
                }
            }
            return events;
        });
    }

    @Override
    public Optional<EventDetail> get(String id) {
        return jdbc.read(c -> detail(c, id));
    }

    private Optional<EventDetail> detail(Connection c, String id) throws SQLException {
        Event event;
        byte[] body;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + EVENT_COLUMNS
                + ", body, body_size, body_pieces FROM plugboard_event WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                event = event(rs);
                body = body(c, id, rs.getBytes(9), rs.getLong(10), rs.getInt(11));
            }
        }
        List<Delivery> deliveries = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, event_source_org, event_source_canvas, event_source_name, "
                + "forward_url, status, attempts, next_attempt_at FROM plugboard_delivery WHERE event_id = ? ORDER BY event_source_name, id")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long next = rs.getLong(8);
                    boolean noNext = rs.wasNull();
                    deliveries.add(new Delivery(rs.getString(1), id, sourceRef(rs.getString(2), rs.getString(3), rs.getString(4)),
                            rs.getString(5), EventStatus.valueOf(rs.getString(6)), rs.getInt(7),
                            noNext ? null : Instant.ofEpochMilli(next), attempts(c, rs.getString(1))));
                }
            }
        }
        return Optional.of(new EventDetail(event, body, deliveries));
    }

    private static List<Attempt> attempts(Connection c, String deliveryId) throws SQLException {
        List<Attempt> attempts = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT at, status_code, latency_ms, error FROM plugboard_attempt "
                + "WHERE delivery_id = ? ORDER BY attempt_no")) {
            ps.setString(1, deliveryId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int code = rs.getInt(2);
                    Integer statusCode = rs.wasNull() ? null : code;
                    attempts.add(new Attempt(Instant.ofEpochMilli(rs.getLong(1)), statusCode, rs.getLong(3), rs.getString(4)));
                }
            }
        }
        return attempts;
    }

    // ---- replay -------------------------------------------------------------------------------------

    @Override
    public EventDetail replay(String id) {
        EventDetail detail = get(id).orElseThrow(() -> new IllegalArgumentException("No event '" + id + "'."));
        if (detail.deliveries().isEmpty()) {
            Resource integration = resources.getByUid(detail.event().integrationUid()).orElseThrow(() ->
                    new IllegalArgumentException("The integration of event '" + id + "' no longer exists."));
            Map<String, List<String>> attributes = jdbc.read(c -> storedAttributes(c, id));
            List<Resource> targets = EventMatcher.matching(integration, detail.event().provider(),
                    resources.list(Kind.EVENT_SOURCE, integration.scope().organization(), null), attributes,
                    caseInsensitiveFields(detail.event().provider()));
            jdbc.inTransaction(c -> {
                insertDeliveries(c, id, targets, Instant.now());
                updateEventStatus(c, id);
                return null;
            });
        } else {
            jdbc.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE plugboard_delivery SET status = ?, attempts = 0, "
                        + "next_attempt_at = ?, lease_until = NULL, lease_owner = NULL WHERE event_id = ?")) {
                    ps.setString(1, EventStatus.PENDING.name());
                    ps.setLong(2, Instant.now().toEpochMilli());
                    ps.setString(3, id);
                    ps.executeUpdate();
                }
                updateEventStatus(c, id);
                return null;
            });
        }
        LOG.info("Event {} queued for replay", id);
        wake.run();
        return get(id).orElseThrow();
    }

    private static Map<String, List<String>> storedAttributes(Connection c, String eventId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT attributes FROM plugboard_event WHERE id = ?")) {
            ps.setString(1, eventId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? JSON.readValue(rs.getString(1), new TypeReference<LinkedHashMap<String, List<String>>>() { })
                        : Map.of();
            }
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }

    // ---- dispatcher side ----------------------------------------------------------------------------

    /**
     * Bodies one claim may hold in memory together: a batch stops before the body that would pass it (the first
     * delivery is always claimed), so a queue of 25 MB events is worked a few at a time, not 50 at once.
     */
    static final long CLAIM_BODY_BYTES = 32L * 1024 * 1024;

    /**
     * Event and delivery ids: time-ordered UUIDs (version 7, RFC 9562). New rows land at the end of the id indexes
     * instead of at random places in them, so a commit rewrites one index page per index, not one per row: with random
     * UUIDs every ingest and every dispatch rewrote pages all over H2's B-trees, and the commit writes were the
     * server's largest CPU cost at 500 deliveries/s.
     */
    static final TimeBasedEpochGenerator IDS = Generators.timeBasedEpochGenerator();

    /**
     * The due deliveries, oldest first. {@code next_attempt_at} is NULL once a delivery is done, and an index range
     * with only an upper bound starts at the NULLs in H2: without the lower bound every claim read the whole delivered
     * history (200,000 rows for 10 due ones), so the dispatcher slowed down with every event ever stored.
     *
     * <p>{@code FOR UPDATE OF d SKIP LOCKED}: with several nodes on one database, a node's claim passes over the
     * deliveries another node's claim is leasing at that moment, instead of reading them too and forwarding them a
     * second time (or waiting for it).
     */
    static final String CLAIM_SQL = "SELECT d.id, d.attempts, d.event_source_org, d.event_source_canvas, "
            + "d.event_source_name, d.forward_url, e.id, e.integration_uid, e.provider, e.delivery_id, e.event_type, "
            + "e.received_at, e.headers, e.status, COALESCE(e.body_size, OCTET_LENGTH(e.body)) FROM plugboard_delivery d "
            + "JOIN plugboard_event e ON e.id = d.event_id "
            + "WHERE d.next_attempt_at BETWEEN 0 AND ? AND (d.lease_until IS NULL OR d.lease_until <= ?) "
            + "ORDER BY d.next_attempt_at LIMIT ? FOR UPDATE OF d SKIP LOCKED";

    @Override
    public List<DueDelivery> claimDue(Instant now, Duration lease, int max) {
        return jdbc.inTransaction(c -> {
            List<DueDelivery> due = new ArrayList<>();
            long bytes = 0;
            try (PreparedStatement ps = c.prepareStatement(CLAIM_SQL)) {
                ps.setLong(1, now.toEpochMilli());
                ps.setLong(2, now.toEpochMilli());
                ps.setInt(3, max);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long size = rs.getLong(15);
                        if (!due.isEmpty() && bytes + size > CLAIM_BODY_BYTES) {
                            break;
                        }
                        bytes += size;
                        Event event = new Event(rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                                rs.getString(11), Instant.ofEpochMilli(rs.getLong(12)), headers(rs.getString(13)),
                                EventStatus.valueOf(rs.getString(14)));
                        due.add(new DueDelivery(rs.getString(1), rs.getInt(2), sourceRef(rs.getString(3), rs.getString(4),
                                rs.getString(5)), rs.getString(6), event, null));
                    }
                }
            }
            List<DueDelivery> withBodies = new ArrayList<>(due.size());
            try (PreparedStatement ps = c.prepareStatement("SELECT body, body_size, body_pieces FROM plugboard_event WHERE id = ?")) {
                for (DueDelivery d : due) {
                    ps.setString(1, d.event().id());
                    try (ResultSet rs = ps.executeQuery()) {
                        byte[] body = rs.next() ? body(c, d.event().id(), rs.getBytes(1), rs.getLong(2), rs.getInt(3)) : new byte[0];
                        withBodies.add(new DueDelivery(d.id(), d.attempts(), d.eventSource(), d.forwardUrl(), d.event(), body));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE plugboard_delivery SET lease_until = ?, lease_owner = ? "
                    + "WHERE id = ?")) {
                for (DueDelivery d : withBodies) {
                    ps.setLong(1, now.plus(lease).toEpochMilli());
                    ps.setString(2, node);
                    ps.setString(3, d.id());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return withBodies;
        });
    }

    /**
     * All in one transaction, as three statement batches (the delivery, its attempt log, its event's status) whatever
     * the number of records: one commit and three executions for a whole batch of deliveries. A delivery purged
     * meanwhile is skipped (its UPDATE and the INSERT ... SELECT find no row).
     */
    @Override
    public void recordAttempts(List<AttemptRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        jdbc.inTransaction(c -> {
            try (PreparedStatement delivery = c.prepareStatement(RECORD_DELIVERY_SQL);
                 PreparedStatement log = c.prepareStatement(RECORD_ATTEMPT_SQL);
                 PreparedStatement event = c.prepareStatement(EVENT_STATUS_SQL)) {
                for (AttemptRecord r : records) {
                    EventStatus status = r.delivered() ? EventStatus.DELIVERED
                            : r.next() == null ? EventStatus.DEAD : EventStatus.PENDING;
                    delivery.setString(1, status.name());
                    if (status == EventStatus.PENDING) {
                        delivery.setLong(2, r.next().toEpochMilli());
                    } else {
                        delivery.setNull(2, Types.BIGINT);
                    }
                    delivery.setString(3, r.deliveryId());
                    delivery.addBatch();

                    Attempt attempt = r.attempt();
                    log.setLong(1, attempt.at().toEpochMilli());
                    if (attempt.statusCode() == null) {
                        log.setNull(2, Types.INTEGER);
                    } else {
                        log.setInt(2, attempt.statusCode());
                    }
                    log.setLong(3, attempt.latencyMillis());
                    String error = attempt.error();
                    log.setString(4, error == null ? null : error.length() > 2000 ? error.substring(0, 2000) : error);
                    log.setString(5, r.deliveryId());
                    log.addBatch();

                    event.setString(1, r.deliveryId());
                    event.addBatch();
                }
                delivery.executeBatch();
                log.executeBatch();
                event.executeBatch(); // after the deliveries' new statuses, which it counts
            }
            return null;
        });
    }

    /** {@code attempts} counts since the last replay. */
    static final String RECORD_DELIVERY_SQL = "UPDATE plugboard_delivery SET status = ?, attempts = attempts + 1, "
            + "next_attempt_at = ?, lease_until = NULL, lease_owner = NULL WHERE id = ?";

    /** The log keeps every attempt ever made, numbered from 1 per delivery. */
    static final String RECORD_ATTEMPT_SQL = "INSERT INTO plugboard_attempt (delivery_id, attempt_no, at, status_code, "
            + "latency_ms, error) SELECT d.id, (SELECT COALESCE(MAX(a.attempt_no), 0) + 1 FROM plugboard_attempt a "
            + "WHERE a.delivery_id = d.id), ?, ?, ?, ? FROM plugboard_delivery d WHERE d.id = ?";

    /**
     * An event's status from its deliveries': none → UNMATCHED, any dead → DEAD, else any pending → PENDING, else
     * DELIVERED. Followed by the WHERE clause naming the event.
     */
    static final String EVENT_STATUS_SET = "UPDATE plugboard_event SET status = (SELECT CASE WHEN COUNT(*) = 0 THEN "
            + "'UNMATCHED' WHEN SUM(CASE WHEN d.status = 'DEAD' THEN 1 ELSE 0 END) > 0 THEN 'DEAD' "
            + "WHEN SUM(CASE WHEN d.status = 'PENDING' THEN 1 ELSE 0 END) > 0 THEN 'PENDING' ELSE 'DELIVERED' END "
            + "FROM plugboard_delivery d WHERE d.event_id = plugboard_event.id) ";

    /** The status of the event of delivery {@code ?}. */
    static final String EVENT_STATUS_SQL = EVENT_STATUS_SET + "WHERE id = (SELECT event_id FROM plugboard_delivery WHERE id = ?)";

    private static void updateEventStatus(Connection c, String eventId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(EVENT_STATUS_SET + "WHERE id = ?")) {
            ps.setString(1, eventId);
            ps.executeUpdate();
        }
    }

    @Override
    public int purge(Instant before) {
        int purged = jdbc.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM plugboard_event WHERE received_at < ?")) {
                ps.setLong(1, before.toEpochMilli());
                return ps.executeUpdate();
            }
        });
        if (purged > 0) {
            LOG.info("Purged {} event(s) received before {}", purged, before);
        }
        return purged;
    }

    // ---- mapping ------------------------------------------------------------------------------------

    private static Event event(ResultSet rs) throws SQLException {
        return new Event(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                Instant.ofEpochMilli(rs.getLong(6)), headers(rs.getString(7)), EventStatus.valueOf(rs.getString(8)));
    }

    private static Map<String, String> headers(String json) {
        try {
            return JSON.readValue(json, new TypeReference<LinkedHashMap<String, String>>() { });
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }

    private static ResourceRef sourceRef(String org, String canvas, String name) {
        return new ResourceRef(Kind.EVENT_SOURCE, new Scope(org, canvas.isEmpty() ? null : canvas), name);
    }
}
