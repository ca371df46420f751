package io.plugboard.api.server;

import org.osgi.annotation.versioning.ProviderType;

/** Checks the admin bearer token that guards the management API. */
@ProviderType
public interface AdminAuthenticator {

    /**
     * {@code true} when {@code token} is the admin token. Compares in constant time; {@code null} or
     * empty is never valid.
     */
    boolean isAdminToken(String token);
}
