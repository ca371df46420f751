package io.plugboard.api.connection;

import java.net.URI;
import java.time.Instant;

/**
 * Where an OAuth2 connection attempt stands.
 *
 * @param attemptId    the attempt
 * @param authorizeUrl where the user's browser goes to log in (single use)
 * @param expiresAt    when the attempt expires if not completed
 * @param state        its state
 * @param reason       why it failed, else empty
 * @param connection   the connection, once {@link State#DONE}
 * @param displayOnce  what the connection type's displayOnce schema shows of the obtained values: only in the first
 *                     status read after the attempt is done, empty in every other
 */
public record AuthorizationStatus(String attemptId, URI authorizeUrl, Instant expiresAt, State state, String reason,
                                  Connection connection, java.util.Map<String, Object> displayOnce) {

    public AuthorizationStatus {
        displayOnce = displayOnce == null ? java.util.Map.of() : displayOnce;
    }

    /** The life of an attempt. */
    public enum State {
        /** Waiting for the user to log in. */
        PENDING,
        /** The connection is stored. */
        DONE,
        /** The provider or a check refused it; see the reason. */
        FAILED,
        /** Not completed in time. */
        EXPIRED
    }
}
