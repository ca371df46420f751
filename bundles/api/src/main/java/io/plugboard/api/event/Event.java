package io.plugboard.api.event;

import java.time.Instant;
import java.util.Map;

/**
 * One verified webhook delivery as stored.
 *
 * @param headers selected request headers, without secrets or signatures
 */
public record Event(String id, String integrationUid, String provider, String deliveryId, String eventType,
                    Instant receivedAt, Map<String, String> headers, EventStatus status) {
}
