package io.plugboard.core.internal.connection;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a probe found.
 *
 * @param healthy whether the probe's GET answered 2xx
 * @param reason  why it is unhealthy, or a remark on a healthy probe (e.g. why the subject was not mapped);
 *                {@code null} when there is nothing to say. Never holds header values, query strings or tokens.
 * @param subject OpenID Connect claim name to value, mapped with the probe's {@code userInfoMapping}; never
 *                {@code null}, empty when there is no mapping or it could not be applied
 * @param status  the HTTP status answered, or 0 when no answer was received (or no request was made)
 */
public record ProbeResult(boolean healthy, String reason, Map<String, String> subject, int status) {

    public ProbeResult {
        subject = subject == null || subject.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(subject));
    }

    static ProbeResult unhealthy(String reason, int status) {
        return new ProbeResult(false, reason, Map.of(), status);
    }
}
