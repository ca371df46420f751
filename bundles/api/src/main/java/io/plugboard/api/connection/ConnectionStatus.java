package io.plugboard.api.connection;

import java.time.Instant;
import java.util.Objects;

/**
 * @param state     the verdict
 * @param reason    why (empty when healthy or unknown)
 * @param checkedAt when it was found, {@code null} when never
 */
public record ConnectionStatus(ConnectionState state, String reason, Instant checkedAt) {

    public static final ConnectionStatus UNKNOWN = new ConnectionStatus(ConnectionState.Unknown, "", null);

    public ConnectionStatus {
        Objects.requireNonNull(state, "state");
        reason = reason == null ? "" : reason;
    }
}
