package io.plugboard.core.internal.resource;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.plugboard.api.connection.ConnectionTypeRef;
import io.plugboard.api.resource.Kind;
import io.plugboard.api.resource.Resource;
import io.plugboard.api.resource.Scope;
import io.plugboard.core.internal.connection.ConnectionStore;

/**
 * Integrations that authenticate with a connection ({@code auth.use: AUTH_TYPE_CONNECTION},
 * {@code auth.connection: {type, name}}): the connection is looked up in the integration's scope, then (for a canvas)
 * in its organization, like secrets.
 */
public final class ConnectionReferences {

    public static final String AUTH_TYPE_CONNECTION = "AUTH_TYPE_CONNECTION";
    private static final ResourceStore STORE = new ResourceStore();

    private ConnectionReferences() {
    }

    /** The {@code auth.connection} an integration spec names, or {@code null}. */
    static Map<String, Object> reference(Map<String, Object> spec) {
        Map<String, Object> auth = ResourceValidator.nested(spec, "auth");
        return auth != null && AUTH_TYPE_CONNECTION.equals(auth.get("use")) ? ResourceValidator.nested(auth, "connection") : null;
    }

    /** The uid of the connection an integration in {@code scope} means by {@code type} and {@code name}. */
    static Optional<String> resolve(Connection c, Scope scope, ConnectionTypeRef type, String name) throws SQLException {
        for (Scope s : References.secretScopes(scope)) {
            Optional<String> uid = ConnectionStore.uidOf(c, s, type, name);
            if (uid.isPresent()) {
                return uid;
            }
        }
        return Optional.empty();
    }

    /** Integrations (as {@code Integration <scope>/<name>}) whose auth resolves to this connection. */
    public static List<String> integrationsUsing(Connection c, Scope scope, ConnectionTypeRef type, String name)
            throws SQLException {
        Optional<String> target = ConnectionStore.uidOf(c, scope, type, name);
        List<String> result = new ArrayList<>();
        for (Resource integration : STORE.list(c, Kind.INTEGRATION, scope.organization(), null)) {
            Map<String, Object> ref = reference(integration.spec());
            if (ref == null || !name.equals(ref.get("name")) || !type.toString().equals(ref.get("type"))) {
                continue;
            }
            if (resolve(c, integration.scope(), type, name).equals(target)) {
                result.add(integration.ref().toString());
            }
        }
        return result;
    }
}
