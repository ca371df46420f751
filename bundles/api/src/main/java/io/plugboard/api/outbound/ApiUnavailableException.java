package io.plugboard.api.outbound;

/** The integration's provider is not installed, declares no API, or the integration has no usable credential. */
public class ApiUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ApiUnavailableException(String message) {
        super(message);
    }
}
