package io.plugboard.core.internal.event;

import java.time.Instant;
import java.util.Objects;

import io.plugboard.api.event.Attempt;

/**
 * One attempt to record.
 *
 * @param deliveryId the delivery
 * @param attempt    what happened
 * @param delivered  whether it succeeded
 * @param next       when to try again; {@code null} with a failed attempt makes the delivery dead
 */
record AttemptRecord(String deliveryId, Attempt attempt, boolean delivered, Instant next) {

    AttemptRecord {
        Objects.requireNonNull(deliveryId, "deliveryId");
        Objects.requireNonNull(attempt, "attempt");
    }
}
