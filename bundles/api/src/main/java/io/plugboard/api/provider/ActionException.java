package io.plugboard.api.provider;

/** An action or provisioning step failed; the message is shown to the user and must not hold secrets. */
public class ActionException extends Exception {

    private static final long serialVersionUID = 1L;

    public ActionException(String message) {
        super(message);
    }

    public ActionException(String message, Throwable cause) {
        super(message, cause);
    }
}
