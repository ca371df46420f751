package io.plugboard.webhooks.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import io.plugboard.api.event.WebhookCounters;

/**
 * Counters of the webhook endpoint and the dispatcher: a {@link WebhookCounters} service (REST, shell) and on JMX
 * ({@code io.plugboard:type=Webhooks}).
 */
public final class WebhookMetrics implements WebhookMetricsMBean, WebhookCounters {

    final LongAdder received = new LongAdder();
    final LongAdder accepted = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder handshakes = new LongAdder();
    final LongAdder tooLarge = new LongAdder();
    final LongAdder notFound = new LongAdder();
    final LongAdder unavailable = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final LongAdder failedAttempts = new LongAdder();
    final LongAdder dead = new LongAdder();

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
        m.put("delivered", delivered.sum());
        m.put("failedAttempts", failedAttempts.sum());
        m.put("dead", dead.sum());
        return m;
    }
}
