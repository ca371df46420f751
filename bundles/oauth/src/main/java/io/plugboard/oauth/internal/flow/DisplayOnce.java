package io.plugboard.oauth.internal.flow;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Values shown once (a generated secret of a new connection), kept in memory by attempt id until the first status
 * read that finds the attempt done, and never longer than {@code lifetime}.
 */
final class DisplayOnce {

    private record Shown(Map<String, Object> values, Instant until) {
    }

    private final Map<String, Shown> byAttempt = new ConcurrentHashMap<>();
    private final Duration lifetime;

    DisplayOnce(Duration lifetime) {
        this.lifetime = lifetime;
    }

    void put(String attemptId, Map<String, Object> values) {
        Instant now = Instant.now();
        byAttempt.values().removeIf(shown -> now.isAfter(shown.until()));
        if (!values.isEmpty()) {
            byAttempt.put(attemptId, new Shown(java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values)),
                    now.plus(lifetime)));
        }
    }

    /** The values, once; {@code null} when there are none (or they were shown already, or expired). */
    Map<String, Object> take(String attemptId) {
        Shown shown = byAttempt.remove(attemptId);
        return shown == null || Instant.now().isAfter(shown.until()) ? null : shown.values();
    }
}
