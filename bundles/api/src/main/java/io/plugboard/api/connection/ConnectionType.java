package io.plugboard.api.connection;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A connection type read from a provider bundle's {@code connections/} folder, validated.
 *
 * @param ref               {@code <provider>/<name>@<version>}
 * @param summary           one line
 * @param description       Markdown, may be empty
 * @param storageSchema     JSON Schema (draft-07) of the stored object, JSON-like maps
 * @param displayOnceSchema JSON Schema of the object shown once when a connection is created, or {@code null}
 * @param sources           the {@code providers} list: ways to create connections, at least one
 * @param probe             how to test a connection, or {@code null}
 * @param origin            where it was read from, e.g. {@code io.plugboard.provider.github:connections/token/connection.yaml}
 */
public record ConnectionType(ConnectionTypeRef ref, String summary, String description,
                             Map<String, Object> storageSchema, Map<String, Object> displayOnceSchema,
                             List<ConnectionSource> sources, Probe probe, String origin) {

    public ConnectionType {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(storageSchema, "storageSchema");
        summary = summary == null ? "" : summary;
        description = description == null ? "" : description;
        sources = List.copyOf(sources);
        origin = origin == null ? "" : origin;
    }

    /** The source called {@code name}; the first one when {@code name} is {@code null} or empty. */
    public Optional<ConnectionSource> source(String name) {
        if (name == null || name.isEmpty()) {
            return sources.stream().findFirst();
        }
        return sources.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
