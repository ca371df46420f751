package io.plugboard.webhooks.internal;

import java.util.Map;

/** JMX view of {@link WebhookMetrics}. */
public interface WebhookMetricsMBean {
    Map<String, Long> getCounters();
}
