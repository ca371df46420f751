package io.plugboard.api.provider;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Follows providers as they come and go. Register an implementation as an OSGi service (whiteboard); the
 * registry first calls {@link #providerAdded} for every provider already active, then reports each change.
 * Calls for one listener never overlap. Implementations must return quickly and must not call back into
 * the registry's bundle lifecycle (no blocking I/O).
 */
@ConsumerType
public interface ProviderListener {

    /** A provider became active. */
    void providerAdded(RegisteredProvider provider);

    /** A provider's capabilities or descriptor changed; {@code provider} is the new state. */
    default void providerUpdated(RegisteredProvider provider) {
    }

    /** A provider is gone: its endpoints, routes and commands must be withdrawn; stored data is kept. */
    void providerRemoved(RegisteredProvider provider);
}
