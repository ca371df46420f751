package io.plugboard.api.event;

import java.time.Instant;
import java.util.Objects;

/**
 * One attempt to record (see {@link EventService#recordAttempt}).
 *
 * @param deliveryId the delivery
 * @param attempt    what happened
 * @param delivered  whether it succeeded
 * @param next       when to try again; {@code null} with a failed attempt makes the delivery dead
 */
public record AttemptRecord(String deliveryId, Attempt attempt, boolean delivered, Instant next) {

    public AttemptRecord {
        Objects.requireNonNull(deliveryId, "deliveryId");
        Objects.requireNonNull(attempt, "attempt");
    }
}
