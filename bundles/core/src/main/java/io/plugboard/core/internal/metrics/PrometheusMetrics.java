package io.plugboard.core.internal.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.sql.DataSource;

import io.plugboard.api.connection.ConnectionState;
import io.plugboard.api.metrics.Metrics;
import io.plugboard.api.system.SystemStatus;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.MultiCollector;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Metrics}: the counters other bundles report, core's own ({@link CoreMeters}), gauges read at each scrape
 * (deliveries by status, connections by health, the database pool) and the JVM's, written in the Prometheus text
 * format by the Prometheus Java client.
 */
@Component(service = Metrics.class)
public class PrometheusMetrics implements Metrics {

    private static final Logger LOG = LoggerFactory.getLogger(PrometheusMetrics.class);
    private static final String POOL_MBEAN = "com.zaxxer.hikari:type=Pool (plugboard)";
    private static final PrometheusTextFormatWriter TEXT = new PrometheusTextFormatWriter(false);
    private static volatile boolean jvmRegistered;

    private final DataSource dataSource;
    private final List<Object> gauges;


    @Activate
    public PrometheusMetrics(@Reference(target = "(dataSourceName=plugboard)") DataSource dataSource,
                             @Reference SystemStatus migratedSchema) {
        this.dataSource = dataSource;
        registerJvm();
        gauges = List.of(
                GaugeWithCallback.builder().name("plugboard_deliveries")
                        .help("Deliveries of events to event sources now, by status (pending, delivered, dead)")
                        .labelNames("status").callback(cb -> deliveries().forEach((s, n) -> cb.call(n, s)))
                        .register(CoreMeters.REGISTRY),
                GaugeWithCallback.builder().name("plugboard_connections")
                        .help("Connections now, by health (Healthy, Unhealthy, NeedsReauth, Unknown)")
                        .labelNames("state").callback(cb -> connectionStates().forEach((s, n) -> cb.call(n, s.name())))
                        .register(CoreMeters.REGISTRY),
                GaugeWithCallback.builder().name("plugboard_db_pool_connections")
                        .help("The database pool's connections, by state (active, idle, total, waiting: threads "
                                + "waiting for one)")
                        .labelNames("state").callback(cb -> pool().forEach((s, n) -> cb.call(n, s)))
                        .register(CoreMeters.REGISTRY));
    }

    @Deactivate
    void deactivate() {
        for (Object g : gauges) {
            if (g instanceof Collector c) {
                CoreMeters.REGISTRY.unregister(c);
            } else if (g instanceof MultiCollector m) {
                CoreMeters.REGISTRY.unregister(m);
            }
        }
    }

    private static synchronized void registerJvm() {
        if (!jvmRegistered) {
            JvmMetrics.builder().register(CoreMeters.REGISTRY);
            jvmRegistered = true;
        }
    }

    @Override
    public void webhook(String provider, String outcome, long nanos) {
        String p = CoreMeters.label(provider);
        CoreMeters.WEBHOOKS.labelValues(p, CoreMeters.label(outcome)).inc();
        CoreMeters.INGEST.labelValues(p).observe(nanos / 1e9);
    }

    @Override
    public void oauthLogin(String provider, String outcome) {
        CoreMeters.LOGINS.labelValues(CoreMeters.label(provider), CoreMeters.label(outcome)).inc();
    }

    @Override
    public void tokenRefresh(String provider, String outcome) {
        CoreMeters.REFRESHES.labelValues(CoreMeters.label(provider), CoreMeters.label(outcome)).inc();
    }

    @Override
    public void write(OutputStream out) throws IOException {
        TEXT.write(out, CoreMeters.REGISTRY.scrape());
    }

    private Map<String, Long> deliveries() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String status : List.of("pending", "delivered", "dead")) {
            counts.put(status, 0L);
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT status, COUNT(*) FROM plugboard_delivery GROUP BY status");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                counts.put(rs.getString(1).toLowerCase(java.util.Locale.ROOT), rs.getLong(2));
            }
        } catch (SQLException e) {
            LOG.debug("Deliveries could not be counted: {}", e.toString());
        }
        return counts;
    }

    /**
     * Read from the table rather than through ConnectionService: the OAuth bundle's token service counts into these
     * metrics and ConnectionService uses it (revocation), so a reference here would close a circle SCR refuses.
     */
    private Map<ConnectionState, Long> connectionStates() {
        Map<ConnectionState, Long> counts = new EnumMap<>(ConnectionState.class);
        for (ConnectionState s : ConnectionState.values()) {
            counts.put(s, 0L);
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT state, COUNT(*) FROM plugboard_connection GROUP BY state");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                for (ConnectionState state : ConnectionState.values()) {
                    if (state.name().equalsIgnoreCase(rs.getString(1))) {
                        counts.put(state, rs.getLong(2));
                    }
                }
            }
        } catch (SQLException e) {
            LOG.debug("Connections could not be counted: {}", e.toString());
        }
        return counts;
    }

    /** HikariCP's own MBean (pool.registerMbeans=true, pool.poolName=plugboard in the DataSource's cfg). */
    private static Map<String, Long> pool() {
        Map<String, Long> values = new LinkedHashMap<>();
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            Set<ObjectName> names = server.queryNames(new ObjectName(POOL_MBEAN), null);
            for (ObjectName name : names) {
                values.put("active", ((Number) server.getAttribute(name, "ActiveConnections")).longValue());
                values.put("idle", ((Number) server.getAttribute(name, "IdleConnections")).longValue());
                values.put("total", ((Number) server.getAttribute(name, "TotalConnections")).longValue());
                values.put("waiting", ((Number) server.getAttribute(name, "ThreadsAwaitingConnection")).longValue());
            }
        } catch (Exception e) {
            LOG.debug("The pool's MBean could not be read: {}", e.toString());
        }
        return values;
    }
}
