package io.plugboard.api.connection;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.plugboard.api.resource.InvalidResourceException;
import io.plugboard.api.resource.Scope;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Creates, lists, tests and deletes connections and hands their stored values to code that uses them. Stored values
 * are encrypted at rest; nothing here logs or returns them except {@link #storage}.
 */
@ProviderType
public interface ConnectionService {

    /**
     * The input form of a Form source of {@code type}: one field per property of the storage schema.
     *
     * @param source the source's name, {@code null} for the type's first
     * @throws ConnectionNotFoundException when the type (or source) does not exist
     * @throws IllegalArgumentException    when the source is not a Form source
     */
    List<FormField> form(ConnectionTypeRef type, String source);

    /**
     * Creates a connection from a Form source: validates the input against the storage schema, stores it encrypted
     * and returns the display-once object, this one time.
     *
     * @throws ConnectionNotFoundException when the type does not exist (its provider is not active)
     * @throws InvalidResourceException    when the input does not match the storage schema (fields named
     *                                     {@code input.<field>}); nothing is stored
     * @throws ConnectionExistsException   when the name is taken for this type and scope
     */
    CreatedConnection create(NewConnection request);

    /**
     * Connections, sorted by type and name.
     *
     * @param scope {@code null} for every scope
     * @param type  {@code null} for every type
     */
    List<Connection> list(Scope scope, ConnectionTypeRef type);

    /** The connection of {@code type} called {@code name} in {@code scope}. */
    Optional<Connection> find(Scope scope, ConnectionTypeRef type, String name);

    /** The connection with this uid. */
    Optional<Connection> get(String uid);

    /**
     * Deletes a connection and its stored values, after revoking its credentials at the provider where a
     * {@link ConnectionRevoker} handles its source.
     *
     * @param force delete even when the revocation failed (the failure is logged)
     * @throws ConnectionNotFoundException when there is none with that uid
     * @throws ConnectionInUseException    when integrations authenticate with it
     * @throws RevocationFailedException   when the revocation failed and {@code force} is false; nothing was deleted
     */
    void delete(String uid, boolean force);

    /** {@link #delete(String, boolean)} without force. */
    default void delete(String uid) {
        delete(uid, false);
    }

    /**
     * Stores a connection a source obtained (OAuth2): created, or its values replaced when one of that type, name and
     * scope exists; its status becomes Healthy. Returns the display-once object the type's displayOnce schema asks
     * for, this one time.
     *
     * @throws ConnectionNotFoundException when the type does not exist
     * @throws InvalidResourceException    when the values do not match the storage schema; nothing is stored
     */
    CreatedConnection store(ObtainedConnection connection);

    /**
     * Changes a connection's stored object under a lock on its row, held until the change is committed: concurrent
     * callers, also on other servers sharing the database, run one after the other and each sees the previous one's
     * result. {@code update} gets the current object and returns the new one ({@code null} or the same object: no
     * change); it may take time (a token refresh).
     *
     * @return the object stored when the lock is released
     * @throws ConnectionNotFoundException when there is none with that uid
     */
    Map<String, Object> updateStorage(String uid, java.util.function.UnaryOperator<Map<String, Object>> update);

    /** Records a verdict found outside a probe (e.g. {@link ConnectionState#NeedsReauth} after a refused refresh). */
    void setStatus(String uid, ConnectionStatus status);

    /**
     * Runs the type's probe now, records the verdict and the subject found, and returns the updated connection.
     *
     * @throws ConnectionNotFoundException when there is none with that uid
     */
    Connection test(String uid);

    /**
     * The stored object of a connection, decrypted, for code that calls the third party with it. Never log it.
     *
     * @throws ConnectionNotFoundException when there is none with that uid
     */
    Map<String, Object> storage(String uid);
}
