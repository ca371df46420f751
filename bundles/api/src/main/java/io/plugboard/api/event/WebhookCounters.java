package io.plugboard.api.event;

import java.util.Map;

/**
 * What the webhook endpoint has counted since the webhooks bundle started, followed by the dispatcher's
 * {@link DeliveryCounters}: a service of that bundle, absent while it is not active (the same counters are on JMX as
 * {@code io.plugboard:type=Webhooks}).
 *
 * @since 1.3.0
 */
public interface WebhookCounters {

    /**
     * Counter name to count, in this order: {@code received}, {@code accepted} (stored), {@code duplicates},
     * {@code rejected} (signature or content not verified), {@code handshakes}, {@code tooLarge}, {@code notFound},
     * {@code unavailable} (provider absent, or no room for the body), {@code delivered}, {@code failedAttempts},
     * {@code dead}.
     */
    Map<String, Long> counters();
}
