package io.plugboard.oauth.internal.client;

/**
 * A failed exchange with an OAuth 2.0 / OpenID Connect server, or a response that failed validation.
 *
 * <p>Messages are safe to log and to show: they never contain tokens, authorization codes, client secrets
 * or PKCE verifiers.
 */
public class OAuthException extends Exception {

    private static final long serialVersionUID = 1L;

    public OAuthException(String message) {
        super(message);
    }

    public OAuthException(String message, Throwable cause) {
        super(message, cause);
    }
}
