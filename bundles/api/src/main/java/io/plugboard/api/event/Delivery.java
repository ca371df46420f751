package io.plugboard.api.event;

import java.time.Instant;
import java.util.List;

import io.plugboard.api.resource.ResourceRef;

/**
 * An event on its way to one event source.
 *
 * @param forwardUrl    the event source's {@code spec.forward.url}, or {@code null}
 * @param nextAttemptAt when the next attempt is due; {@code null} once delivered or dead
 */
public record Delivery(String id, String eventId, ResourceRef eventSource, String forwardUrl, EventStatus status,
                       int attempts, Instant nextAttemptAt, List<Attempt> attemptLog) {
}
