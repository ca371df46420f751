package io.plugboard.api.connection;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard service: revokes a connection's credentials at the provider before the connection is deleted (the OAuth
 * bundle revokes tokens per RFC 7009).
 */
@ConsumerType
public interface ConnectionRevoker {

    /** Whether this revoker handles connections of {@code type} made by its source {@code source}. */
    boolean revokes(ConnectionType type, ConnectionSource source);

    /**
     * Revokes the credentials.
     *
     * @throws Exception when the provider refused or could not be reached; the message says which (without secrets)
     */
    void revoke(Connection connection, ConnectionType type, Map<String, Object> storage) throws Exception;
}
