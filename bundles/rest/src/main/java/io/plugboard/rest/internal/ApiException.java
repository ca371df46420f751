package io.plugboard.rest.internal;

import javax.ws.rs.WebApplicationException;

/** An error whose message is meant for the client, e.g. {@code No provider 'gitlub'}. */
public class ApiException extends WebApplicationException {

    private static final long serialVersionUID = 1L;

    public ApiException(int status, String message) {
        super(message, ApiErrors.response(status, message));
    }

    public ApiException(int status, String code, String message) {
        super(message, ApiErrors.response(status, code, message));
    }
}
