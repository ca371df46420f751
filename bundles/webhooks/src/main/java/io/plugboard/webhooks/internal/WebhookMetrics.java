package io.plugboard.webhooks.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import java.util.function.Supplier;

import io.plugboard.api.event.DeliveryCounters;
import io.plugboard.api.event.WebhookCounters;

/**
 * Counters of the webhook endpoint, followed by those of core's dispatcher ({@link DeliveryCounters}, zero while it
 * is absent): a {@link WebhookCounters} service (REST, shell) and on JMX ({@code io.plugboard:type=Webhooks}).
 */
public final class WebhookMetrics implements WebhookMetricsMBean, WebhookCounters {

    private static final Map<String, Long> NO_DELIVERIES = deliveries(0, 0, 0);

    /** The server's Prometheus metrics, while core offers them. */
    volatile io.plugboard.api.metrics.Metrics prometheus;

    final LongAdder received = new LongAdder();
    final LongAdder accepted = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder handshakes = new LongAdder();
    final LongAdder tooLarge = new LongAdder();
    final LongAdder notFound = new LongAdder();
    final LongAdder unavailable = new LongAdder();
    private final Supplier<DeliveryCounters> deliveries;

    WebhookMetrics(Supplier<DeliveryCounters> deliveries) {
        this.deliveries = deliveries;
    }

    WebhookMetrics() {
        this(() -> null);
    }

    @Override
    public Map<String, Long> counters() {
        return getCounters();
    }

    @Override
    public Map<String, Long> getCounters() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("received", received.sum());
        m.put("accepted", accepted.sum());
        m.put("duplicates", duplicates.sum());
        m.put("rejected", rejected.sum());
        m.put("handshakes", handshakes.sum());
        m.put("tooLarge", tooLarge.sum());
        m.put("notFound", notFound.sum());
        m.put("unavailable", unavailable.sum());
        DeliveryCounters dispatcher = deliveries.get();
        Map<String, Long> delivery = dispatcher == null ? NO_DELIVERIES : dispatcher.counters();
        NO_DELIVERIES.keySet().forEach(k -> m.put(k, delivery.getOrDefault(k, 0L)));
        return m;
    }

    private static Map<String, Long> deliveries(long delivered, long failedAttempts, long dead) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("delivered", delivered);
        m.put("failedAttempts", failedAttempts);
        m.put("dead", dead);
        return m;
    }

    /** Tells the Prometheus metrics how a delivery was answered. */
    void report(String provider, WebhookResponse answer, long nanos) {
        io.plugboard.api.metrics.Metrics m = prometheus;
        if (m != null) {
            m.webhook(provider, outcome(answer), nanos);
        }
    }

    static String outcome(WebhookResponse answer) {
        switch (answer.status()) {
            case 202: return io.plugboard.api.metrics.Metrics.ACCEPTED;
            case 200: return new String(answer.body(), java.nio.charset.StandardCharsets.UTF_8).contains("\"duplicate\"")
                    ? io.plugboard.api.metrics.Metrics.DUPLICATE : io.plugboard.api.metrics.Metrics.HANDSHAKE;
            case 401: return io.plugboard.api.metrics.Metrics.REJECTED;
            case 404: return io.plugboard.api.metrics.Metrics.NOT_FOUND;
            case 413: return io.plugboard.api.metrics.Metrics.TOO_LARGE;
            case 503: return io.plugboard.api.metrics.Metrics.UNAVAILABLE;
            default: return answer.status() < 300 ? io.plugboard.api.metrics.Metrics.ACCEPTED
                    : io.plugboard.api.metrics.Metrics.INVALID;
        }
    }
}
