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
}
