package io.plugboard.api.event;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What the dispatcher in Plugboard core has counted since core started: a service of core. The webhooks bundle shows
 * these after its own in {@link WebhookCounters}.
 *
 * @since 2.0.0
 */
@ProviderType
public interface DeliveryCounters {

    /** {@code delivered}, {@code failedAttempts} (each failed forward attempt), {@code dead}, in this order. */
    Map<String, Long> counters();
}
