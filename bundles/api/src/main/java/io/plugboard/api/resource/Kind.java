package io.plugboard.api.resource;

import java.util.Optional;

/** The kinds of resource, with their name in documents ({@code kind: Secret}) and in URLs ({@code /secrets}). */
public enum Kind {
    SECRET("Secret", "secrets"),
    INTEGRATION("Integration", "integrations"),
    EVENT_SOURCE("EventSource", "eventsources"),
    /**
     * A Form connection applied from a document ({@code spec.type}, {@code spec.input} with Secret references); stored
     * with the other connections, listed and deleted through the connection API, never by the resource API.
     */
    CONNECTION("Connection", "connections");

    private final String kindName;
    private final String plural;

    Kind(String kindName, String plural) {
        this.kindName = kindName;
        this.plural = plural;
    }

    /** As written in {@code kind:}, e.g. {@code EventSource}. */
    public String kindName() {
        return kindName;
    }

    /** As used in URLs and commands, e.g. {@code eventsources}. */
    public String plural() {
        return plural;
    }

    /** The kind with this {@code kind:} name (case-sensitive). */
    public static Optional<Kind> ofKindName(String name) {
        for (Kind k : values()) {
            if (k.kindName.equals(name)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /** The kind with this plural (case-sensitive). */
    public static Optional<Kind> ofPlural(String plural) {
        for (Kind k : values()) {
            if (k.plural.equals(plural)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
