package io.plugboard.api.event;

import java.util.Locale;

/** Where an event or one of its deliveries stands. */
public enum EventStatus {
    /** No event source matched the event: stored, delivered nowhere. */
    UNMATCHED,
    /** At least one delivery is waiting for its (next) attempt. */
    PENDING,
    /** Every delivery succeeded. */
    DELIVERED,
    /** A delivery failed its last attempt; replay it to try again. */
    DEAD;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
