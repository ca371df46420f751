package io.plugboard.core.internal.cluster;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import io.plugboard.api.cluster.ClusterNode;
import io.plugboard.core.internal.storage.SchemaMigrator;
import io.plugboard.core.internal.storage.Transactions;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.Test;

public class ClusterComponentTest {

    private final JdbcDataSource dataSource = h2();
    private final Transactions jdbc = new Transactions(dataSource);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T12:00:00Z"));

    @Test
    public void aNodeJoinsWithItsRowBeatsAndLeavesAtOnceOnAShutdown() {
        ClusterComponent node = new ClusterComponent(jdbc, clock, "a:8181", "1.0");
        List<ClusterNode> nodes = node.nodes();
        assertEquals(1, nodes.size());
        ClusterNode self = nodes.get(0);
        assertEquals("a:8181", self.id());
        assertEquals("H2", self.database());
        assertTrue(self.alive() && self.self());

        clock.advance(Duration.ofSeconds(20));
        assertFalse("no heartbeat for 20 s: not alive", node.nodes().get(0).alive());
        node.beat();
        assertTrue("the heartbeat makes it alive again", node.nodes().get(0).alive());
        assertEquals(clock.instant(), node.nodes().get(0).heartbeatAt());

        node.deactivate();
        assertEquals("a clean shutdown removes the row", List.of(), new ClusterComponent(jdbc, clock, "b:8181", "1.0").nodes()
                .stream().filter(n -> n.id().equals("a:8181")).toList());
    }

    @Test
    public void onH2ASecondNodeIsRefusedWhileTheFirstIsAliveAndTheSameNodeRestarts() {
        ClusterComponent first = new ClusterComponent(jdbc, clock, "a:8181", "1.0");
        try {
            new ClusterComponent(jdbc, clock, "b:8181", "1.0");
            fail("a second node on H2 must be refused");
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("node a:8181 is running on this H2 database")
                    && e.getMessage().contains("PostgreSQL"));
        }
        assertEquals("the refused node left no row", 1, first.nodes().size());
        new ClusterComponent(jdbc, clock, "a:8181", "1.0"); // the same node after a crash: its own row
        clock.advance(Duration.ofSeconds(16));
        assertEquals("once the first is dead, another may start", 2,
                new ClusterComponent(jdbc, clock, "b:8181", "1.0").nodes().size());
    }

    @Test
    public void aTaskIsLedByOneNodeUntilItsLeaseEndsThenTakenOver() {
        // two nodes on one database (on H2 only to test the leases: the second is started after the first is dead)
        ClusterComponent a = new ClusterComponent(jdbc, clock, "a:8181", "1.0");
        assertTrue(a.lead("purge", Duration.ofMinutes(10)));
        clock.advance(Duration.ofSeconds(16));
        ClusterComponent b = new ClusterComponent(jdbc, clock, "b:8181", "1.0");
        assertFalse("A holds the lease", b.lead("purge", Duration.ofMinutes(10)));
        assertTrue("A renews its own", a.lead("purge", Duration.ofMinutes(10)));
        assertTrue("another task is free", b.lead("probe", Duration.ofMinutes(1)));
        clock.advance(Duration.ofMinutes(9));
        assertFalse("renewed 9 min ago for 10: still A's", b.lead("purge", Duration.ofMinutes(10)));
        clock.advance(Duration.ofMinutes(1));
        assertTrue("A stopped renewing: B takes it over", b.lead("purge", Duration.ofMinutes(10)));
        assertFalse("and A does not run it too", a.lead("purge", Duration.ofMinutes(10)));
    }

    @Test
    public void theDefaultNodeIdIsHostAndPort() {
        assertTrue(ClusterComponent.defaultNodeId(8282).endsWith(":8282"));
        assertEquals(8181, ClusterComponent.httpPort(null));
    }

    static JdbcDataSource h2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:cluster-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        SchemaMigrator.migrate(ds);
        return ds;
    }

    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
