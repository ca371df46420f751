package io.plugboard.api.provider;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The providers active right now. Implemented by Plugboard core; to follow changes, register a
 * {@link ProviderListener} service (whiteboard).
 */
@ProviderType
public interface ProviderRegistry {

    /** Active providers, sorted by id. */
    List<RegisteredProvider> providers();

    /** The active provider with this id, if any (ids are matched exactly: lower case). */
    Optional<RegisteredProvider> provider(String id);
}
