package io.plugboard.api.connection;

import java.util.Map;
import java.util.Objects;

import io.plugboard.api.resource.Scope;

/**
 * A request to create a connection from a Form source.
 *
 * @param type   the connection type
 * @param name   the new connection's name
 * @param source the source to use ({@code null}: the type's first)
 * @param scope  where it lives
 * @param input  the user's values, validated against the storage schema
 */
public record NewConnection(ConnectionTypeRef type, String name, String source, Scope scope, Map<String, Object> input) {

    public NewConnection {
        Objects.requireNonNull(type, "type");
        scope = scope == null ? Scope.of(null, null) : scope;
        input = input == null ? Map.of() : input;
    }
}
