package io.plugboard.api.system;

import org.osgi.annotation.versioning.ProviderType;

/** Version and health of the Plugboard core, for health endpoints and commands. */
@ProviderType
public interface SystemStatus {

    /** The Plugboard version, e.g. {@code 0.1.0.SNAPSHOT}. */
    String version();

    /** {@code true} when the database answers and its schema is migrated. */
    boolean databaseUp();
}
