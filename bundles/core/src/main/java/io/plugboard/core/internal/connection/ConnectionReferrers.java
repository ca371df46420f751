package io.plugboard.core.internal.connection;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import io.plugboard.api.connection.ConnectionTypeRef;
import io.plugboard.api.resource.Scope;

/**
 * Core-internal: the integrations that authenticate with a connection. The resource side answers it (an integration
 * names its connection), so that connections do not depend on resources.
 */
public interface ConnectionReferrers {

    /** Integrations (as {@code Integration <scope>/<name>}) whose auth resolves to this connection, in {@code c}'s transaction. */
    List<String> integrationsUsing(Connection c, Scope scope, ConnectionTypeRef type, String name) throws SQLException;

    /** The connection side's handler of {@code kind: Connection} documents; {@code null} when it goes. */
    default void connectionDocuments(ConnectionDocuments handler) {
        // a referrer that does not apply documents ignores it
    }
}
