package io.plugboard.provider.slack;

import java.time.Duration;
import java.time.Instant;

/** Timestamp headers in Unix seconds: syntax and tolerance checks. */
final class UnixSeconds {

    /** At most 12 digits: far beyond any real timestamp, and no overflow when comparing. */
    private static final int MAX_DIGITS = 12;

    private UnixSeconds() {
    }

    /** {@code true} when {@code value} is 1 to 12 ASCII digits. */
    static boolean isValid(String value) {
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

    /** {@code true} when the {@linkplain #isValid valid} {@code seconds} are at most {@code tolerance} from {@code now}, either way. */
    static boolean within(String seconds, Instant now, Duration tolerance) {
        long difference = Long.parseLong(seconds) - now.getEpochSecond();
        return Math.abs(difference) <= tolerance.getSeconds();
    }
}
