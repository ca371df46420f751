package io.plugboard.api.connection;

import org.osgi.annotation.versioning.ProviderType;

/** Hands out a working access token of an OAuth2 connection, refreshing it first when it has expired. */
@ProviderType
public interface AccessTokens {

    /**
     * A valid access token of the connection. When the stored one expires within a minute it is refreshed first: one
     * refresh per connection at a time, even across servers sharing the database; rotated refresh tokens are stored
     * in the same transaction.
     *
     * @throws ConnectionNotFoundException when there is no such connection
     * @throws IllegalStateException       when the provider refused the refresh token (the connection is then
     *                                     {@link ConnectionState#NeedsReauth}) or could not be reached
     */
    String accessToken(String connectionUid);

    /**
     * Refreshes the connection's access token now, whatever its expiry, and returns the new one: for a caller whose
     * provider refused {@code rejectedToken} (401) before it expired. When the stored token is no longer
     * {@code rejectedToken} (refreshed meanwhile, here or on another server), that one is returned without a refresh.
     *
     * @throws ConnectionNotFoundException when there is no such connection
     * @throws IllegalStateException       when the connection has no refresh token or the provider refused it
     * @since 1.1.0
     */
    String refreshedAccessToken(String connectionUid, String rejectedToken);

    /**
     * Refreshes the connection's access token now, whatever its expiry - for an operator who wants new scopes or
     * suspects a leaked token ({@code POST /api/v1/connections/{id}/refresh}). Rotated refresh tokens are stored as
     * in {@link #accessToken}.
     *
     * @return when the new access token expires; {@code null} when the provider did not say
     * @throws ConnectionNotFoundException when there is no such connection
     * @throws IllegalArgumentException    when it is not an OAuth2 connection or holds no refresh token (nothing changed)
     * @throws IllegalStateException       when the provider refused the refresh token (the connection is then
     *                                     {@link ConnectionState#NeedsReauth}) or could not be reached
     * @since 1.2.0
     */
    java.time.Instant refresh(String connectionUid);
}
