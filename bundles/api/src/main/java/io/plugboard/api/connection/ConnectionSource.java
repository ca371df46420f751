package io.plugboard.api.connection;

import java.util.Map;
import java.util.Objects;

/**
 * One way to create connections of a type: an entry of {@code providers} in {@code connection.yaml}.
 *
 * @param name        unique within the connection type (e.g. {@code default}, {@code enterprise})
 * @param summary     one line, may be empty
 * @param description Markdown, may be empty
 * @param kind        Form or OAuth2
 * @param settings    the whole {@code source} object as written (JSON-like), for the source's own keys
 *                    ({@code scopes}, {@code server}, ...)
 */
public record ConnectionSource(String name, String summary, String description, SourceKind kind,
                               Map<String, Object> settings) {

    public ConnectionSource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        summary = summary == null ? "" : summary;
        description = description == null ? "" : description;
        settings = settings == null ? Map.of() : settings;
    }
}
