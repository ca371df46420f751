package io.plugboard.api.connection;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** Starts OAuth2 connection attempts and tells how they stand. */
@ProviderType
public interface OAuthFlows {

    /**
     * Starts an attempt: the answer's {@code authorizeUrl} ({@code /integration/<provider>/login?ticket=...}, single
     * use, valid 10 minutes) is opened in the user's browser.
     *
     * @throws ConnectionNotFoundException when the type or source does not exist
     * @throws IllegalArgumentException    when the source is not OAuth2, no client is configured for the provider,
     *                                     a base URL is missing or not allowed, or the environment is unknown
     */
    AuthorizationStatus start(AuthorizationRequest request);

    /** The attempt, if known (attempts are kept a day). */
    Optional<AuthorizationStatus> status(String attemptId);
}
