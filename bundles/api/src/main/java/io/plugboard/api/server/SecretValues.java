package io.plugboard.api.server;

import java.util.Optional;

import io.plugboard.api.resource.Scope;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The plaintext of one key of a stored {@code Secret}, for the Plugboard bundles that must hand it on (an OAuth
 * client secret to the token endpoint). Never log it or return it to clients.
 */
@ProviderType
public interface SecretValues {

    /**
     * The value of {@code key} in the secret {@code secretName} of exactly {@code scope} (no fallback to a wider scope);
     * empty when the secret or the key does not exist.
     */
    Optional<String> value(Scope scope, String secretName, String key);
}
