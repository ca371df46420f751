package io.plugboard.api.provider;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One inbound webhook delivery as received, before any parsing: headers (names case-insensitive) and
 * the raw body bytes, which signatures are computed over.
 */
public final class WebhookRequest {

    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final Instant receivedAt;

    public WebhookRequest(Map<String, List<String>> headers, byte[] body, Instant receivedAt) {
        Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> copy.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        this.headers = Collections.unmodifiableMap(copy);
        this.body = Objects.requireNonNull(body, "body").clone();
        this.receivedAt = Objects.requireNonNull(receivedAt, "receivedAt");
    }

    /** First value of a header, or {@code null}; the name is matched case-insensitively. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The raw body; a copy, so a verifier cannot change what others see. */
    public byte[] body() {
        return body.clone();
    }

    public Instant receivedAt() {
        return receivedAt;
    }
}
