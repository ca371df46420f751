package io.plugboard.oauth.internal.client;

import java.util.Objects;

/**
 * The client's registration at the authorization server.
 *
 * @param clientId     the client id
 * @param clientSecret the client secret; null or empty for a public client (then {@code client_id} goes in the body)
 * @param authMethod   how the secret is presented at the token and revocation endpoints
 */
public record ClientCredentials(String clientId, String clientSecret, AuthMethod authMethod) {

    /** Client authentication at the token endpoint (RFC 6749 section 2.3.1). */
    public enum AuthMethod {
        /** {@code Authorization: Basic} with form-encoded id and secret (the default, RFC 6749 2.3.1). */
        CLIENT_SECRET_BASIC,
        /** {@code client_id} and {@code client_secret} as body parameters. */
        CLIENT_SECRET_POST,
        /** A public client: only {@code client_id} in the body (the PKCE verifier is the proof). */
        NONE
    }

    public ClientCredentials {
        Objects.requireNonNull(clientId, "clientId");
        if (clientId.isBlank()) {
            throw new IllegalArgumentException("client id is empty");
        }
        if (clientSecret == null || clientSecret.isEmpty()) {
            clientSecret = null;
            authMethod = AuthMethod.NONE;
        } else if (authMethod == null || authMethod == AuthMethod.NONE) {
            authMethod = AuthMethod.CLIENT_SECRET_BASIC;
        }
    }

    /** {@code client_secret_basic}, or a public client when the secret is null or empty. */
    public ClientCredentials(String clientId, String clientSecret) {
        this(clientId, clientSecret, AuthMethod.CLIENT_SECRET_BASIC);
    }

    @Override
    public String toString() {
        return "ClientCredentials[clientId=" + clientId + ", clientSecret=" + (clientSecret == null ? "none" : "***")
                + ", authMethod=" + authMethod + "]";
    }
}
