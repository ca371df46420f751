package io.plugboard.api.oidc;

/** An ID token that may not act for the integration; the message says why, for the log only. */
public class CallerRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    public CallerRejectedException(String reason) {
        super(reason);
    }

    public CallerRejectedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
