package io.plugboard.api.connection;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import io.plugboard.api.resource.Scope;

/**
 * A stored credential of one connection type. Never carries the stored values themselves.
 *
 * @param uid       stable id
 * @param scope     organization (and canvas)
 * @param type      its connection type, kept for its whole life (another version is another type)
 * @param name      unique per type and scope, {@code [a-z0-9-]}
 * @param source    the name of the source it was made with (an entry of the type's {@code providers})
 * @param status    the last probe's verdict
 * @param subject   whom it belongs to: OpenID Connect claims ({@code sub}, {@code name}, {@code email}, ...) found by
 *                  the probe; empty when unknown
 * @param createdAt creation time
 * @param updatedAt last change of its values or status
 */
public record Connection(String uid, Scope scope, ConnectionTypeRef type, String name, String source,
                         ConnectionStatus status, Map<String, String> subject, Instant createdAt, Instant updatedAt) {

    public Connection {
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        status = status == null ? ConnectionStatus.UNKNOWN : status;
        subject = subject == null ? Map.of() : Map.copyOf(subject);
    }
}
