package io.plugboard.oauth.internal.client;

/**
 * The server answered with an OAuth 2.0 error ({@code {"error": "invalid_grant", ...}}, RFC 6749 section 5.2,
 * RFC 6750 section 3, or Slack's {@code {"ok": false, "error": ...}}).
 *
 * <p>{@link #error()} is the error code (e.g. {@code invalid_grant}: the code or refresh token is invalid,
 * expired or revoked, so the caller should mark the connection as needing a new login).
 */
public class OAuthErrorException extends OAuthException {

    private static final long serialVersionUID = 1L;

    private final String error;
    private final String description;
    private final int status;

    /**
     * @param error       the OAuth error code
     * @param description the server's {@code error_description}, already scrubbed of secrets; may be null
     * @param status      the HTTP status of the answer
     */
    public OAuthErrorException(String error, String description, int status) {
        super("server answered OAuth error '" + error + "'"
                + (description == null || description.isEmpty() ? "" : ": " + description)
                + " (HTTP " + status + ")");
        this.error = error;
        this.description = description;
        this.status = status;
    }

    /** The OAuth error code, e.g. {@code invalid_grant}. */
    public String error() {
        return error;
    }

    /** The server's description (scrubbed of any value the client sent), or null. */
    public String description() {
        return description;
    }

    /** The HTTP status of the answer (OAuth servers such as GitHub and Slack answer errors with 200). */
    public int status() {
        return status;
    }

    /** {@code true} for {@code invalid_grant}: the code or refresh token is no longer usable. */
    public boolean isInvalidGrant() {
        return "invalid_grant".equals(error);
    }
}
