package io.plugboard.api.event;

import java.time.Instant;

/**
 * Filters for {@link EventService#list}; {@code null} means any.
 *
 * @param eventSource name of an event source the event was delivered (or is to be delivered) to
 * @param limit       at most this many, newest first (1 to 1000)
 */
public record EventQuery(String integrationUid, String eventSource, EventStatus status, Instant since, int limit, int offset) {

    public EventQuery {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be between 1 and 1000");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative");
        }
    }
}
