package io.plugboard.api.provider;

import java.time.Instant;
import java.util.Objects;

/**
 * A token a {@link CredentialIssuer} obtained.
 *
 * @param token     the value sent as the integration's credential
 * @param expiresAt when the provider stops taking it
 */
public record IssuedToken(String token, Instant expiresAt) {

    public IssuedToken {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Never shows the token. */
    @Override
    public String toString() {
        return "IssuedToken[expiresAt=" + expiresAt + "]";
    }
}
