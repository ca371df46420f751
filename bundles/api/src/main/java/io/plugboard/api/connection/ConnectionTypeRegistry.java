package io.plugboard.api.connection;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The connection types of the providers active right now. Types appear when their bundle starts and disappear when
 * it stops; files that are invalid are listed by {@link #invalid()} instead.
 */
@ProviderType
public interface ConnectionTypeRegistry {

    /** Every valid connection type, sorted by reference. */
    List<ConnectionType> types();

    /** The type {@code ref}, if its provider is active and the file was valid. */
    Optional<ConnectionType> find(ConnectionTypeRef ref);

    /** Connection type files that were rejected, with the reason. */
    List<InvalidConnectionType> invalid();
}
