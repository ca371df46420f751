package io.plugboard.api.provider;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Webhook timestamp headers in Unix seconds (e.g. Slack's {@code X-Slack-Request-Timestamp}, Standard Webhooks'
 * {@code webhook-timestamp}): their syntax, and the replay check that they are close enough to the time of receipt.
 *
 * <p>A typical check, with distinct reasons for a malformed and a stale timestamp:
 * <pre>{@code
 * String timestamp = header.strip();
 * if (!WebhookTimestamps.isValid(timestamp)) { ... reject: not Unix seconds ... }
 * if (!WebhookTimestamps.within(timestamp, request.receivedAt(), Duration.ofMinutes(5))) { ... reject: too old or too new ... }
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 *
 * @since 1.1.0
 */
public final class WebhookTimestamps {

    /** At most 12 digits: far beyond any real timestamp, and no overflow when comparing. */
    private static final int MAX_DIGITS = 12;

    private WebhookTimestamps() {
    }

    /**
     * Whether {@code value} is Unix seconds as webhook headers write them: 1 to 12 ASCII digits and nothing else — no
     * sign, fraction, exponent or whitespace (strip the header first). Longer values (milliseconds would be 13 digits)
     * are invalid too.
     *
     * @param value the header value, or {@code null}
     * @return {@code true} when {@code value} is 1 to 12 ASCII digits
     */
    public static boolean isValid(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_DIGITS) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the Unix time {@code seconds} is at most {@code tolerance} away from {@code now}, in either direction
     * (clocks differ; a timestamp in the future is as suspect as an old one); both bounds are inclusive. Compared in
     * whole seconds: the fractions of a second of {@code now} and {@code tolerance} are dropped, and a negative
     * tolerance accepts nothing. Fails closed: a {@code seconds} that is not {@linkplain #isValid valid} is never
     * within.
     *
     * @param seconds the timestamp header, as checked by {@link #isValid}
     * @param now the time of receipt, e.g. {@link WebhookRequest#receivedAt()}
     * @param tolerance how far from {@code now} the timestamp may be
     * @return {@code true} when {@code seconds} is valid and {@code |seconds - now| <= tolerance}
     * @throws NullPointerException if {@code now} or {@code tolerance} is {@code null}
     */
    public static boolean within(String seconds, Instant now, Duration tolerance) {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(tolerance, "tolerance");
        if (!isValid(seconds)) {
            return false;
        }
        long difference = Long.parseLong(seconds) - now.getEpochSecond();
        return Math.abs(difference) <= tolerance.getSeconds();
    }
}
