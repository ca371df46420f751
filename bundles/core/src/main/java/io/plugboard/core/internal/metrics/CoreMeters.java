package io.plugboard.core.internal.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The meters of this bundle, in its one registry (the Prometheus Java client, embedded: no other bundle sees it).
 * Core's own code counts here directly; other bundles through {@link io.plugboard.api.metrics.Metrics}.
 */
public final class CoreMeters {

    static final PrometheusRegistry REGISTRY = new PrometheusRegistry();
    private static final double[] SECONDS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    static final Counter WEBHOOKS = Counter.builder().name("plugboard_webhooks_total")
            .help("Webhook deliveries answered, by provider and outcome (accepted, duplicate, rejected, invalid, "
                    + "too_large, not_found, unavailable, handshake)")
            .labelNames("provider", "outcome").register(REGISTRY);
    static final Histogram INGEST = Histogram.builder().name("plugboard_webhook_ingest_seconds")
            .help("From a webhook's arrival to its answer (verified and stored), by provider")
            .labelNames("provider").classicOnly().classicUpperBounds(SECONDS).register(REGISTRY);
    public static final Counter FORWARDS = Counter.builder().name("plugboard_forward_attempts_total")
            .help("Attempts to forward an event to an event source's spec.forward URL, by outcome (delivered, failed)")
            .labelNames("outcome").register(REGISTRY);
    public static final Histogram FORWARD_LATENCY = Histogram.builder().name("plugboard_forward_seconds")
            .help("How long a forward attempt took, by outcome").labelNames("outcome")
            .classicOnly().classicUpperBounds(SECONDS).register(REGISTRY);
    public static final Counter DEAD = Counter.builder().name("plugboard_deliveries_dead_total")
            .help("Deliveries that failed their last attempt (plugboard:event-replay revives them)").register(REGISTRY);
    static final Counter LOGINS = Counter.builder().name("plugboard_oauth_logins_total")
            .help("OAuth logins finished, by provider and outcome (connected, failed)")
            .labelNames("provider", "outcome").register(REGISTRY);
    static final Counter REFRESHES = Counter.builder().name("plugboard_token_refreshes_total")
            .help("OAuth token refreshes, by provider and outcome (refreshed, refused, failed)")
            .labelNames("provider", "outcome").register(REGISTRY);
    public static final Counter PROBES = Counter.builder().name("plugboard_connection_probes_total")
            .help("Connection probes, by provider and verdict (Healthy, Unhealthy, Unknown)")
            .labelNames("provider", "state").register(REGISTRY);

    private CoreMeters() {
    }

    /** A free-text label value kept short and never empty. */
    static String label(String value) {
        if (value == null || value.isBlank()) {
            return "unknown";
        }
        return value.length() > 63 ? value.substring(0, 63) : value;
    }
}
