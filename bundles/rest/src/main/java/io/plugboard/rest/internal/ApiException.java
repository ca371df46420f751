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

    /** {@code response} built by {@link ApiErrors}, with headers of its own (e.g. {@code WWW-Authenticate}). */
    ApiException(String message, javax.ws.rs.core.Response response) {
        super(message, response);
    }
}
