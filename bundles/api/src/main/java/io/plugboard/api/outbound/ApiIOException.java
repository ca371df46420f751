package io.plugboard.api.outbound;

import java.io.IOException;

/**
 * The provider could not be reached or did not answer. {@link #maybeSent()} is {@code false} only when the request
 * surely did not arrive (the connection was refused or never opened), so a caller may retry it without running a
 * non-idempotent call twice.
 */
public class ApiIOException extends IOException {

    private static final long serialVersionUID = 1L;
    private final boolean maybeSent;

    public ApiIOException(String message, boolean maybeSent, Throwable cause) {
        super(message, cause);
        this.maybeSent = maybeSent;
    }

    public boolean maybeSent() {
        return maybeSent;
    }
}
