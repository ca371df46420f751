package io.plugboard.api.connection;

import java.util.Objects;

import io.plugboard.api.resource.Scope;

/**
 * Starts an OAuth2 connection.
 *
 * @param type        the connection type
 * @param name        the connection to create (or to connect again)
 * @param source      the type's OAuth2 source, {@code null} for its first OAuth2 source
 * @param scope       where the connection will live
 * @param baseUrl     for a partial server (e.g. GitHub Enterprise): its base URL; else {@code null}
 * @param environment for one callback serving many environments: the environment that completes it, else {@code null}
 * @param signupToken an opaque token the client polls {@code /integration/check-signup} with, or {@code null}
 */
public record AuthorizationRequest(ConnectionTypeRef type, String name, String source, Scope scope, String baseUrl,
                                   String environment, String signupToken) {

    public AuthorizationRequest {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        scope = scope == null ? Scope.of(null, null) : scope;
    }
}
