package io.plugboard.shell.internal;

import java.io.PrintStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import io.plugboard.api.event.EventDetail;
import io.plugboard.api.event.EventService;
import io.plugboard.api.event.EventStatus;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

/**
 * Base of the commands on the event log. The service reference is optional so that a missing core service makes
 * these commands fail with a clear message instead of withdrawing every command of this bundle.
 */
abstract class EventCommand implements Action {

    @Reference(optional = true)
    EventService events;

    /** Where the command writes; tests replace it. */
    PrintStream out = System.out;

    EventService events() {
        if (events == null) {
            throw new IllegalStateException("The Plugboard event service is not available; "
                    + "is the io.plugboard.core bundle active? (see bundle:list)");
        }
        return events;
    }

    /** The event, or a message that says how to find one. */
    EventDetail event(String id) {
        return events().get(id).orElseThrow(() -> new IllegalArgumentException(
                "No event '" + id + "'. See plugboard:event-list."));
    }

    /** {@code pending}, {@code delivered}, {@code dead}, {@code unmatched} (any case); {@code null} for none. */
    static EventStatus status(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        for (EventStatus s : EventStatus.values()) {
            if (s.label().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new IllegalArgumentException("Unknown status '" + value + "': use one of "
                + Arrays.stream(EventStatus.values()).map(EventStatus::label).collect(Collectors.joining(", ")) + ".");
    }

    /** An ISO-8601 instant ({@code 2024-05-01T10:00:00Z}) or date-time with offset; {@code null} for none. */
    static Instant instant(String option, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(value.trim()).toInstant();
            } catch (DateTimeParseException again) {
                throw new IllegalArgumentException(option + " must be an ISO-8601 instant such as 2024-05-01T10:00:00Z, "
                        + "not '" + value + "'.");
            }
        }
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
