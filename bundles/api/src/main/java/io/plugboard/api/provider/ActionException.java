package io.plugboard.api.provider;

import java.time.Duration;
import java.util.Optional;

/**
 * An action or provisioning step failed; the message is shown to the user and must not hold secrets.
 * {@link #retryable()} tells Plugboard whether trying again later may help (the provider was unreachable, answered
 * 5xx or 429) or not (401, 403, 404: a user must act); {@link #retryAfter()} is the provider's own hint.
 */
public class ActionException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean retryable;
    private final Duration retryAfter;

    public ActionException(String message) {
        this(message, null, false, null);
    }

    public ActionException(String message, Throwable cause) {
        this(message, cause, false, null);
    }

    public ActionException(String message, Throwable cause, boolean retryable, Duration retryAfter) {
        super(message, cause);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    /** A failure that may pass when tried again later. */
    public static ActionException retryable(String message, Duration retryAfter) {
        return new ActionException(message, null, true, retryAfter);
    }

    public boolean retryable() {
        return retryable;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
