package io.plugboard.core.internal.event;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import io.plugboard.api.event.DeliveryCounters;

/** What the dispatcher counts; a {@link DeliveryCounters} service, which the webhooks bundle shows with its own. */
final class DeliveryMetrics implements DeliveryCounters {

    final LongAdder delivered = new LongAdder();
    final LongAdder failedAttempts = new LongAdder();
    final LongAdder dead = new LongAdder();

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("delivered", delivered.sum());
        m.put("failedAttempts", failedAttempts.sum());
        m.put("dead", dead.sum());
        return m;
    }
}
