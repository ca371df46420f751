package io.plugboard.api.execution;

/** The provider an executor names is not installed, or has no such action. */
public class UnknownActionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnknownActionException(String message) {
        super(message);
    }
}
