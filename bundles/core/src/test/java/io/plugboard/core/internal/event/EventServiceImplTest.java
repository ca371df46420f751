package io.plugboard.core.internal.event;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.crypto.spec.SecretKeySpec;

import io.plugboard.api.event.Attempt;
import io.plugboard.api.event.EventDetail;
import io.plugboard.api.event.EventQuery;
import io.plugboard.api.event.EventStatus;
import io.plugboard.api.event.IngestResult;
import io.plugboard.api.provider.AuthMode;
import io.plugboard.api.provider.EventType;
import io.plugboard.api.provider.Provider;
import io.plugboard.api.provider.ProviderRegistry;
import io.plugboard.api.provider.RegisteredProvider;
import io.plugboard.api.provider.WebhookVerification;
import io.plugboard.api.resource.Kind;
import io.plugboard.api.resource.Resource;
import io.plugboard.api.resource.ResourceRef;
import io.plugboard.api.resource.Scope;
import io.plugboard.core.internal.crypto.KeyRing;
import io.plugboard.core.internal.resource.ResourceServiceImpl;
import io.plugboard.core.internal.resource.ResourceServiceImplTestAccess;
import io.plugboard.core.internal.storage.Transactions;
import io.plugboard.core.internal.storage.SchemaMigrator;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.After;
import org.junit.Test;

public class EventServiceImplTest {

    private static final String DOCS = ""
            + "kind: Integration\nmetadata: {name: gh}\nspec: {type: TYPE_GITHUB}\n---\n"
            + "kind: EventSource\nmetadata: {name: hello}\nspec: {integration: {domain: ORGANIZATION, name: gh}, github: {repository: octo/hello}}\n---\n"
            + "kind: EventSource\nmetadata: {name: all, canvasId: c1}\nspec: {integration: {domain: ORGANIZATION, name: gh}, forward: {url: 'http://127.0.0.1:9/x'}}\n---\n"
            + "kind: EventSource\nmetadata: {name: other}\nspec: {integration: {domain: ORGANIZATION, name: gh}, github: {repository: octo/other}}\n";

    private final JdbcDataSource dataSource = h2();
    private final ResourceServiceImpl resources = ResourceServiceImplTestAccess.start(new Transactions(dataSource), github(),
            new KeyRing(new SecretKeySpec(new byte[32], "AES"), new SecureRandom()));
    private EventServiceImpl events = new EventServiceImpl(new Transactions(dataSource), resources);
    private final Resource integration;

    public EventServiceImplTest() {
        resources.apply(DOCS);
        integration = resources.get(new ResourceRef(Kind.INTEGRATION, Scope.organization("default"), "gh")).orElseThrow();
    }

    @After
    public void stop() {
        ResourceServiceImplTestAccess.stop(resources);
    }

    @Test
    public void anEventIsStoredOnceAndQueuedForTheSourcesItMatches() {
        IngestResult first = ingest("d1", "octo/hello");
        assertFalse(first.duplicate());
        IngestResult again = ingest("d1", "octo/hello");
        assertTrue(again.duplicate());
        assertEquals(first.id(), again.id());
        assertEquals("ids are time-ordered (UUID version 7), so new rows go to the end of the indexes",
                7, java.util.UUID.fromString(first.id()).version());

        EventDetail detail = events.get(first.id()).orElseThrow();
        assertEquals("push", detail.event().eventType());
        assertEquals("{\"ref\":\"refs/heads/main\"}", new String(detail.body(), StandardCharsets.UTF_8));
        assertEquals(EventStatus.PENDING, detail.event().status());
        assertEquals("hello and the unfiltered one, not 'other'", List.of("all", "hello"),
                detail.deliveries().stream().map(d -> d.eventSource().name()).toList());
        assertEquals(1, events.list(new EventQuery(null, null, null, null, 100, 0)).size());
        assertEquals(1, events.list(new EventQuery(integration.uid(), "hello", EventStatus.PENDING, null, 100, 0)).size());
        assertEquals(0, events.list(new EventQuery(null, "other", null, null, 100, 0)).size());
    }

    @Test
    public void deliveriesAreLeasedRecordedRetriedAndDead() {
        String id = ingest("d2", "octo/hello").id();
        Instant now = Instant.now();
        List<DueDelivery> due = events.claimDue(now, Duration.ofMinutes(2), 10);
        assertEquals(2, due.size());
        assertEquals("leased: not due again while being worked on", List.of(), events.claimDue(now, Duration.ofMinutes(2), 10));

        DueDelivery forward = due.stream().filter(d -> d.forwardUrl() != null).findFirst().orElseThrow();
        DueDelivery local = due.stream().filter(d -> d.forwardUrl() == null).findFirst().orElseThrow();
        events.recordAttempt(local.id(), new Attempt(now, null, 0, null), true, null);
        events.recordAttempt(forward.id(), new Attempt(now, 503, 12, "HTTP 503"), false, now.plusSeconds(5));
        assertEquals(List.of(), events.claimDue(now.plusSeconds(1), Duration.ofMinutes(2), 10));
        assertEquals(1, events.claimDue(now.plusSeconds(6), Duration.ofMinutes(2), 10).size());
        events.recordAttempt(forward.id(), new Attempt(now, null, 3, "ConnectException"), false, null);

        EventDetail detail = events.get(id).orElseThrow();
        assertEquals(EventStatus.DEAD, detail.event().status());
        var dead = detail.deliveries().stream().filter(d -> d.forwardUrl() != null).findFirst().orElseThrow();
        assertEquals(2, dead.attempts());
        assertNull(dead.nextAttemptAt());
        assertEquals(Integer.valueOf(503), dead.attemptLog().get(0).statusCode());

        EventDetail replayed = events.replay(id);
        assertEquals(EventStatus.PENDING, replayed.event().status());
        List<DueDelivery> again = events.claimDue(Instant.now().plusMillis(10), Duration.ofMinutes(2), 10);
        assertEquals("a replay queues every delivery of the event", 2, again.size());
        for (DueDelivery d : again) {
            events.recordAttempt(d.id(), new Attempt(Instant.now(), 204, 5, null), true, null);
        }
        EventDetail delivered = events.get(id).orElseThrow();
        assertEquals(EventStatus.DELIVERED, delivered.event().status());
        assertEquals("the log keeps every attempt", 3, delivered.deliveries().stream()
                .filter(d -> d.forwardUrl() != null).findFirst().orElseThrow().attemptLog().size());
    }

    @Test
    public void aBatchOfAttemptsIsRecordedInOneGoAndSetsEachEventsStatus() {
        String first = ingest("b1", "octo/hello").id();
        String second = ingest("b2", "octo/hello").id();
        Instant now = Instant.now();
        List<DueDelivery> due = events.claimDue(now, Duration.ofMinutes(2), 10);
        assertEquals(4, due.size());
        List<AttemptRecord> batch = new java.util.ArrayList<>();
        for (DueDelivery d : due) {
            boolean failing = d.event().id().equals(second) && d.forwardUrl() != null;
            batch.add(new AttemptRecord(d.id(), new Attempt(now, failing ? 502 : 204, 7, failing ? "HTTP 502" : null),
                    !failing, failing ? now.plusSeconds(30) : null));
        }
        batch.add(new AttemptRecord("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", new Attempt(now, null, 0, null), true, null));
        events.recordAttempts(batch); // the last one names no delivery (purged meanwhile): skipped

        assertEquals(EventStatus.DELIVERED, events.get(first).orElseThrow().event().status());
        EventDetail retried = events.get(second).orElseThrow();
        assertEquals(EventStatus.PENDING, retried.event().status());
        var forward = retried.deliveries().stream().filter(d -> d.forwardUrl() != null).findFirst().orElseThrow();
        assertEquals(1, forward.attempts());
        assertEquals(now.plusSeconds(30).toEpochMilli(), forward.nextAttemptAt().toEpochMilli());
        assertEquals(1, forward.attemptLog().size());
        assertEquals(Integer.valueOf(502), forward.attemptLog().get(0).statusCode());
        assertEquals("HTTP 502", forward.attemptLog().get(0).error());
        assertEquals(List.of(), events.claimDue(now.plusSeconds(1), Duration.ofMinutes(2), 10));
        assertEquals(1, events.claimDue(now.plusSeconds(31), Duration.ofMinutes(2), 10).size());
    }

    @Test
    public void claimingReadsTheDueDeliveriesNotTheDeliveredHistory() throws Exception {
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 150; i++) {
            ids.add(ingest("done-" + i, "octo/hello").id());
        }
        assertEquals("ids sort in the order the events came", ids.stream().sorted().toList(), ids);
        Instant now = Instant.now().plusMillis(1);
        List<DueDelivery> due;
        while (!(due = events.claimDue(now, Duration.ofMinutes(2), 50)).isEmpty()) {
            for (DueDelivery d : due) {
                events.recordAttempt(d.id(), new Attempt(now, 204, 1, null), true, null);
            }
        }
        assertEquals(300, events.list(new EventQuery(null, null, EventStatus.DELIVERED, null, 1000, 0)).size() * 2);
        ingest("fresh", "octo/hello");   // two due deliveries beside 300 delivered ones
        Instant later = Instant.now().plusMillis(5); // due by then, however long the loop above took
        try (java.sql.Connection c = dataSource.getConnection();
             java.sql.PreparedStatement ps = c.prepareStatement("EXPLAIN ANALYZE " + EventServiceImpl.CLAIM_SQL)) {
            ps.setLong(1, later.toEpochMilli());
            ps.setLong(2, later.toEpochMilli());
            ps.setInt(3, 50);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                String plan = rs.getString(1);
                java.util.regex.Matcher m = java.util.regex.Pattern
                        .compile("PLUGBOARD_DELIVERY_DUE.*?scanCount: (\\d+)", java.util.regex.Pattern.DOTALL).matcher(plan);
                assertTrue(plan, m.find());
                assertTrue("rows read by one claim: " + m.group(1) + "\n" + plan, Integer.parseInt(m.group(1)) <= 3);
            }
        }
        assertEquals(2, events.claimDue(later, Duration.ofMinutes(2), 50).size());
    }

    @Test
    public void leasesOfAStoppedServerAreReleasedWhenTheDispatcherStarts() {
        ingest("d3", "octo/hello");
        assertEquals(2, events.claimDue(Instant.now(), Duration.ofHours(1), 10).size());
        events = new EventServiceImpl(new Transactions(dataSource), resources); // a restart
        assertEquals("starting runs no SQL: still leased", List.of(), events.claimDue(Instant.now(), Duration.ofHours(1), 10));
        assertEquals(2, events.releaseLeases()); // what the dispatcher's first sweep does
        assertEquals(2, events.claimDue(Instant.now(), Duration.ofHours(1), 10).size());
    }

    /** Two nodes on one database: a node starting releases only its own leases; another's expire on their own. */
    @Test
    public void aNodeReleasesOnlyItsOwnLeasesAndTakesAnotherNodesOnceTheyExpire() {
        EventServiceImpl nodeA = new EventServiceImpl(new Transactions(dataSource), resources, "a:8181");
        EventServiceImpl nodeB = new EventServiceImpl(new Transactions(dataSource), resources, "b:8181");
        ingest("d5", "octo/hello");
        Instant now = Instant.now();
        assertEquals(2, nodeA.claimDue(now, Duration.ofSeconds(30), 10).size());
        assertEquals("B starting leaves A's leases alone", 0, nodeB.releaseLeases());
        assertEquals("A's lease holds", List.of(), nodeB.claimDue(now.plusSeconds(29), Duration.ofSeconds(30), 10));
        List<DueDelivery> taken = nodeB.claimDue(now.plusSeconds(31), Duration.ofSeconds(30), 10);
        assertEquals("A died: B takes its deliveries once the lease is over", 2, taken.size());
        nodeA.extendLeases(taken.stream().map(DueDelivery::id).toList(), now.plusSeconds(600));
        assertEquals("A cannot extend what B holds now: B's lease (until +61 s) ends as B set it", 2,
                nodeA.claimDue(now.plusSeconds(62), Duration.ofSeconds(30), 10).size());
        assertEquals("A restarting releases its own", 2, nodeA.releaseLeases());
    }

    /**
     * A claim passes over the rows another node's claim is leasing at that moment ({@code FOR UPDATE SKIP LOCKED}):
     * it neither waits for that transaction nor reads the same deliveries.
     */
    @Test
    public void aClaimSkipsTheDeliveriesAnotherNodesClaimHoldsLocked() throws Exception {
        ingest("d6", "octo/hello");
        long now = Instant.now().toEpochMilli();
        try (java.sql.Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            try (java.sql.PreparedStatement ps = other.prepareStatement(EventServiceImpl.CLAIM_SQL)) {
                ps.setLong(1, now);
                ps.setLong(2, now);
                ps.setInt(3, 10); // the other node's claim holds both deliveries locked
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                }
            }
            EventServiceImpl nodeB = new EventServiceImpl(new Transactions(dataSource), resources, "b:8181");
            java.util.concurrent.Future<List<DueDelivery>> claim = java.util.concurrent.Executors.newSingleThreadExecutor()
                    .submit(() -> nodeB.claimDue(Instant.ofEpochMilli(now), Duration.ofSeconds(30), 10));
            List<DueDelivery> claimed = claim.get(5, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals("the locked ones are skipped, at once", List.of(), claimed);
            other.rollback();
        }
        assertEquals("after the other claim ended, the skipped ones are due", 2,
                events.claimDue(Instant.ofEpochMilli(now), Duration.ofSeconds(30), 10).size());
    }

    @Test
    public void anIngestThatQueuesDeliveriesWakesTheDispatcherAndADuplicateDoesNot() {
        java.util.concurrent.atomic.AtomicInteger wakes = new java.util.concurrent.atomic.AtomicInteger();
        events.onNewDeliveries(wakes::incrementAndGet);
        ingest("w1", "octo/hello");
        assertEquals(1, wakes.get());
        ingest("w1", "octo/hello");
        assertEquals("a duplicate queues nothing", 1, wakes.get());
    }

    @Test
    public void anUnmatchedEventIsKeptAndPurgedWithItsDedupeKey() {
        String id = ingest("d4", "octo/nothing-matches-but-all").id();
        assertEquals(List.of("all"), events.get(id).orElseThrow().deliveries().stream().map(d -> d.eventSource().name()).toList());
        assertEquals(0, events.purge(Instant.now().minusSeconds(60)));
        assertEquals(1, events.purge(Instant.now().plusSeconds(1)));
        assertEquals(Optional.empty(), events.get(id));
        assertFalse("the delivery id may come again after the purge", ingest("d4", "octo/hello").duplicate());
    }

    @Test
    public void aLargeBodyIsStoredInPiecesAndReadBackWhole() throws Exception {
        byte[] big = new byte[3 * EventServiceImpl.BODY_PIECE_BYTES + 12_345];
        new java.util.Random(5).nextBytes(big);
        int[] opened = {0};
        io.plugboard.api.provider.WebhookBody body = new io.plugboard.api.provider.WebhookBody() {
            public long length() { return big.length; }
            public java.io.InputStream open() { opened[0]++; return new java.io.ByteArrayInputStream(big); }
        };
        WebhookVerification v = WebhookVerification.accepted("big-1", "push", Map.of("repository", List.of("octo/hello")));
        String id = events.ingest(integration, v, Map.of(), body).id();
        assertEquals(4, count("SELECT COUNT(*) FROM plugboard_event_body WHERE event_id = '" + id + "'"));
        assertEquals("the row holds no copy", 0, count("SELECT OCTET_LENGTH(body) FROM plugboard_event WHERE id = '" + id + "'"));
        assertTrue(java.util.Arrays.equals(big, events.get(id).orElseThrow().body()));
        List<DueDelivery> due = events.claimDue(Instant.now().plusSeconds(1), Duration.ofMinutes(2), 10);
        assertTrue(due.stream().allMatch(d -> java.util.Arrays.equals(big, d.body())));

        assertTrue("a duplicate stores nothing", events.ingest(integration, v, Map.of(), body).duplicate());
        assertEquals(4, count("SELECT COUNT(*) FROM plugboard_event_body"));
        events.purge(Instant.now().plusSeconds(1));
        assertEquals("purged with the event", 0, count("SELECT COUNT(*) FROM plugboard_event_body"));

        byte[] small = "{\"ref\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        String inline = events.ingest(integration, WebhookVerification.accepted("small-1", "push", Map.of()), Map.of(),
                io.plugboard.api.provider.WebhookBody.of(small)).id();
        assertEquals(0, count("SELECT COUNT(*) FROM plugboard_event_body"));
        assertTrue(java.util.Arrays.equals(small, events.get(inline).orElseThrow().body()));
    }

    private int count(String sql) throws Exception {
        try (java.sql.Connection c = dataSource.getConnection(); java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private IngestResult ingest(String delivery, String repository) {
        WebhookVerification v = WebhookVerification.accepted(delivery, "push", Map.of("repository", List.of(repository),
                "event", List.of("push")));
        return events.ingest(integration, v, Map.of("x-github-event", "push"), "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8));
    }

    private static ProviderRegistry github() {
        Provider p = new Provider() {
            public String id() { return "github"; }
            public String name() { return "GitHub"; }
            public Set<AuthMode> authModes() { return EnumSet.of(AuthMode.TOKEN); }
            public List<EventType> eventTypes() { return List.of(EventType.of("push", "")); }
            public List<String> filterFields() { return List.of("repository", "branch", "event"); }
        };
        RegisteredProvider r = new RegisteredProvider(p, "github", "1", null, List.of(), null);
        return new ProviderRegistry() {
            public List<RegisteredProvider> providers() { return List.of(r); }
            public Optional<RegisteredProvider> provider(String id) { return "github".equals(id) ? Optional.of(r) : Optional.empty(); }
        };
    }

    private static JdbcDataSource h2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:events-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        SchemaMigrator.migrate(ds);
        return ds;
    }
}
