package io.plugboard.api.provider;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
 *
 * <p>A body can be up to the server's cap (25 MB by default). Verifiers read it with {@link #openBody()} — the
 * server keeps a large body on disk, so a streamed signature check and a streamed look at the fields it needs
 * (a streaming JSON parser) keep the server's memory flat; {@link #body()} loads the whole body into memory.
 */
public final class WebhookRequest {

    private final Map<String, List<String>> headers;
    private final WebhookBody body;
    private final Instant receivedAt;

    /** A request whose body is in memory (copied). */
    public WebhookRequest(Map<String, List<String>> headers, byte[] body, Instant receivedAt) {
        this(headers, WebhookBody.of(Objects.requireNonNull(body, "body").clone()), receivedAt);
    }

    /** @since 1.2.0 */
    public WebhookRequest(Map<String, List<String>> headers, WebhookBody body, Instant receivedAt) {
        Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> copy.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        this.headers = Collections.unmodifiableMap(copy);
        this.body = Objects.requireNonNull(body, "body");
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

    /**
     * The whole raw body, loaded into memory (a copy, so a verifier cannot change what others see). Prefer
     * {@link #openBody()}: a 25 MB delivery would take 25 MB of heap per call.
     *
     * @throws UncheckedIOException if the spooled body cannot be read
     */
    public byte[] body() {
        try (InputStream in = body.open()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A new stream over the raw body, from its first byte, each time it is called; the caller closes it.
     *
     * @since 1.2.0
     */
    public InputStream openBody() throws IOException {
        return body.open();
    }

    /** @since 1.2.0 */
    public long bodyLength() {
        return body.length();
    }

    public Instant receivedAt() {
        return receivedAt;
    }
}
