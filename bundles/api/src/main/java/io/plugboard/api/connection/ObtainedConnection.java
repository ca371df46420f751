package io.plugboard.api.connection;

import java.util.Map;
import java.util.Objects;

import io.plugboard.api.resource.Scope;

/**
 * A connection whose stored object a source obtained (an OAuth2 token response), to be stored as it is.
 *
 * @param type    the connection type
 * @param name    the connection's name; an existing connection of that type, name and scope gets the new values
 *                (connecting again after {@link ConnectionState#NeedsReauth})
 * @param source  the source that obtained it
 * @param scope   where it lives
 * @param storage what to store (validated against the type's storage schema), e.g. {@code access_token},
 *                {@code token_type}, {@code refresh_token}, {@code expires_at}, {@code scope}
 * @param subject whom it belongs to (OpenID Connect claims), may be empty
 */
public record ObtainedConnection(ConnectionTypeRef type, String name, String source, Scope scope,
                                 Map<String, Object> storage, Map<String, String> subject) {

    public ObtainedConnection {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        scope = scope == null ? Scope.of(null, null) : scope;
        storage = storage == null ? Map.of() : storage;
        subject = subject == null ? Map.of() : subject;
    }
}
