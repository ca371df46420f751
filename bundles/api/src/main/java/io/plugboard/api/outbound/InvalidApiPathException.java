package io.plugboard.api.outbound;

/** A path that is absolute, climbs out with {@code ..}, or hides another host in an encoding. */
public class InvalidApiPathException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidApiPathException(String message) {
        super(message);
    }
}
