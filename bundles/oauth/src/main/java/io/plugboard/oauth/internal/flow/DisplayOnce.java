package io.plugboard.oauth.internal.flow;

import java.time.Duration;
import java.util.Map;

import io.plugboard.api.cluster.SharedValues;

/**
 * Values shown once (a generated secret of a new connection), kept by attempt id until the first status read that
 * finds the attempt done, and never longer than {@code lifetime}. In the database, sealed like every secret
 * ({@link SharedValues}): the login may complete on one node and its status be read on another, and the read that takes
 * them deletes them, wherever it happens.
 */
final class DisplayOnce {

    static final String KIND = "oauth-display-once";

    private final SharedValues values;
    private final java.util.function.Supplier<Duration> lifetime;

    DisplayOnce(SharedValues values, java.util.function.Supplier<Duration> lifetime) {
        this.values = values;
        this.lifetime = lifetime;
    }

    void put(String attemptId, Map<String, Object> shown) {
        if (!shown.isEmpty()) {
            values.put(KIND, attemptId, shown, lifetime.get());
        }
    }

    /** The values, once; {@code null} when there are none (or they were shown already, or expired). */
    Map<String, Object> take(String attemptId) {
        return values.take(KIND, attemptId).orElse(null);
    }
}
