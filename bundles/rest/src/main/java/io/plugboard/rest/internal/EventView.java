package io.plugboard.rest.internal;

import io.plugboard.api.event.Event;

/**
 * JSON view of a stored event, as listed: {@code {"id","integration","provider","deliveryId","eventType","receivedAt",
 * "status"}}; {@code integration} is the integration's uid, {@code receivedAt} ISO-8601, {@code status} one of
 * {@code pending}, {@code delivered}, {@code dead}, {@code unmatched}.
 */
public record EventView(String id, String integration, String provider, String deliveryId, String eventType,
                        String receivedAt, String status) {

    public static EventView of(Event event) {
        return new EventView(event.id(), event.integrationUid(), event.provider(), event.deliveryId(), event.eventType(),
                EventViewValues.instant(event.receivedAt()), event.status() == null ? null : event.status().label());
    }
}
