package io.plugboard.core.internal.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.plugboard.api.cluster.Cluster;
import io.plugboard.api.cluster.ClusterNode;
import io.plugboard.api.system.SystemStatus;
import io.plugboard.core.internal.CoreConfiguration;
import io.plugboard.core.internal.storage.Transactions;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node in the {@code plugboard_node} table: its row is written at start, its heartbeat every
 * {@value #HEARTBEAT_SECONDS} s, and the row is deleted at a clean shutdown, so the others see it leave at once. Rows
 * of nodes dead for an hour are cleared by whichever node beats next. Task leases ({@link #lead}) live in
 * {@code plugboard_task_lease}.
 *
 * <p>On H2 (the embedded default, one node) a second node is refused at start: the activation fails with a message
 * naming the node that is alive, and nothing of this server that needs the database starts.
 */
@Component(service = Cluster.class, configurationPid = CoreConfiguration.PID, immediate = true)
public class ClusterComponent implements Cluster {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterComponent.class);
    static final long HEARTBEAT_SECONDS = 5;
    static final Duration DEAD_ROW_KEPT = Duration.ofHours(1);

    private final Transactions jdbc;
    private final Clock clock;
    private final String nodeId;
    private final String version;
    private final String database;
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "plugboard-cluster");
        t.setDaemon(true);
        return t;
    });

    @Activate
    public ClusterComponent(@Reference(target = "(dataSourceName=plugboard)") DataSource dataSource,
                            @Reference SystemStatus migratedSchema, CoreConfiguration config,
                            @Reference(cardinality = ReferenceCardinality.OPTIONAL) ConfigurationAdmin configurations) {
        this(new Transactions(dataSource), Clock.systemUTC(), config.nodeId().isBlank()
                ? defaultNodeId(httpPort(configurations)) : config.nodeId().trim(), migratedSchema.version());
        heartbeat.scheduleWithFixedDelay(this::beat, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
    }

    ClusterComponent(Transactions jdbc, Clock clock, String nodeId, String version) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.nodeId = nodeId;
        this.version = version;
        this.database = jdbc.read(c -> c.getMetaData().getDatabaseProductName());
        join();
    }

    @Deactivate
    void deactivate() {
        heartbeat.shutdownNow();
        try {
            jdbc.inTransaction(c -> {
                leave(c);
                return null;
            });
            LOG.info("Node {} left the cluster", nodeId);
        } catch (RuntimeException e) {
            LOG.warn("Node {} could not remove its row ({}); the others see it dead after {} s", nodeId, e.toString(),
                    HEARTBEAT_TIMEOUT.toSeconds());
        }
    }

    /** Whether the database is one several nodes can share. */
    boolean shared() {
        return isPostgres(database);
    }

    static boolean isPostgres(String database) {
        return "PostgreSQL".equalsIgnoreCase(database);
    }

    private void join() {
        long now = clock.millis();
        jdbc.inTransaction(c -> {
            if (!shared()) {
                for (ClusterNode other : nodes(c, now)) {
                    if (other.alive() && !other.self()) {
                        throw new IllegalStateException("Node " + nodeId + " refused: node " + other.id() + " is running "
                                + "on this " + database + " database (heartbeat " + other.heartbeatAt() + "). Several "
                                + "nodes need a shared PostgreSQL database (README, \"Running several nodes\"); on " + database
                                + " run one node, or give this one its own data directory.");
                    }
                }
            }
            // the row and the leases this node had before it stopped or died: its new run starts afresh
            leave(c);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO plugboard_node (id, started_at, heartbeat_at, "
                    + "version, database) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, nodeId);
                ps.setLong(2, now);
                ps.setLong(3, now);
                ps.setString(4, version);
                ps.setString(5, database);
                ps.executeUpdate();
            }
            return null;
        });
        LOG.info("Node {} joined the cluster on {} ({} node(s) alive)", nodeId, database,
                nodes().stream().filter(ClusterNode::alive).count());
    }

    /** Removes this node's row and the task leases it holds. */
    private void leave(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM plugboard_node WHERE id = ?")) {
            ps.setString(1, nodeId);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM plugboard_task_lease WHERE owner = ?")) {
            ps.setString(1, nodeId);
            ps.executeUpdate();
        }
    }

    /** The heartbeat; rewrites the row should another node have cleared it (after a long pause of this one). */
    void beat() {
        try {
            long now = clock.millis();
            int updated = jdbc.inTransaction(c -> {
                int n;
                try (PreparedStatement ps = c.prepareStatement("UPDATE plugboard_node SET heartbeat_at = ? WHERE id = ?")) {
                    ps.setLong(1, now);
                    ps.setString(2, nodeId);
                    n = ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM plugboard_node WHERE heartbeat_at < ?")) {
                    ps.setLong(1, now - DEAD_ROW_KEPT.toMillis());
                    ps.executeUpdate();
                }
                return n;
            });
            if (updated == 0) {
                LOG.warn("Node {}: its row was gone (it missed heartbeats for an hour); joining again", nodeId);
                join();
            }
        } catch (RuntimeException e) {
            LOG.warn("Node {}: heartbeat failed, the next one retries: {}", nodeId, e.toString());
        }
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    String database() {
        return database;
    }

    @Override
    public List<ClusterNode> nodes() {
        long now = clock.millis();
        return jdbc.read(c -> nodes(c, now));
    }

    private List<ClusterNode> nodes(Connection c, long now) throws SQLException {
        List<ClusterNode> nodes = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, started_at, heartbeat_at, version, database "
                + "FROM plugboard_node ORDER BY id"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long beat = rs.getLong(3);
                nodes.add(new ClusterNode(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), Instant.ofEpochMilli(beat),
                        rs.getString(4), rs.getString(5), now - beat <= HEARTBEAT_TIMEOUT.toMillis(),
                        nodeId.equals(rs.getString(1))));
            }
        }
        return nodes;
    }

    @Override
    public boolean lead(String task, Duration hold) {
        long now = clock.millis();
        long until = now + hold.toMillis();
        try {
            int taken = jdbc.read(c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE plugboard_task_lease SET owner = ?, until_at = ? "
                        + "WHERE task = ? AND (owner = ? OR until_at <= ?)")) {
                    ps.setString(1, nodeId);
                    ps.setLong(2, until);
                    ps.setString(3, task);
                    ps.setString(4, nodeId);
                    ps.setLong(5, now);
                    return ps.executeUpdate();
                }
            });
            if (taken > 0) {
                return true;
            }
            return jdbc.read(c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO plugboard_task_lease (task, owner, until_at) "
                        + "VALUES (?, ?, ?)")) {
                    ps.setString(1, task);
                    ps.setString(2, nodeId);
                    ps.setLong(3, until);
                    ps.executeUpdate();
                    LOG.debug("Node {} leads {}", nodeId, task);
                    return true;
                } catch (SQLException e) {
                    if (e.getSQLState() != null && e.getSQLState().startsWith("23")) { // an integrity violation: the row is there
                        return false; // another node holds it
                    }
                    throw e;
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("Node {}: the lease of {} could not be checked; skipping this run: {}", nodeId, task, e.toString());
            return false;
        }
    }

    // ---- the default id -----------------------------------------------------------------------------

    static String defaultNodeId(int port) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + ":" + port;
    }

    /** The HTTP port Pax Web listens on ({@code org.osgi.service.http.port} in etc/org.ops4j.pax.web.cfg). */
    public static int httpPort(ConfigurationAdmin configurations) {
        String port = null;
        if (configurations != null) {
            try {
                Configuration[] found = configurations.listConfigurations("(service.pid=org.ops4j.pax.web)");
                if (found != null && found.length > 0) {
                    Dictionary<String, Object> props = found[0].getProperties();
                    Object value = props == null ? null : props.get("org.osgi.service.http.port");
                    port = value == null ? null : value.toString();
                }
            } catch (IOException | InvalidSyntaxException e) {
                LOG.debug("The HTTP port could not be read: {}", e.toString());
            }
        }
        if (port == null) {
            port = System.getProperty("org.osgi.service.http.port", "8181");
        }
        try {
            return Integer.parseInt(port.trim());
        } catch (NumberFormatException e) {
            return 8181;
        }
    }
}
