package io.plugboard.api.provider;

import java.util.Objects;

/**
 * One kind of event a provider's webhooks deliver, e.g. GitHub's {@code push}.
 *
 * @param name        the provider's own name for it, as found in the delivery (header or payload)
 * @param description one line for listings
 */
public record EventType(String name, String description) {

    public EventType {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("event type name must not be blank");
        }
        description = description == null ? "" : description;
    }

    public static EventType of(String name, String description) {
        return new EventType(name, description);
    }
}
