package io.plugboard.rest;

import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;

/**
 * Turns JAX-RS errors (no such path: 404, wrong method: 405, unsupported media type: 415, ...) into the JSON
 * error shape, keeping headers such as {@code Allow}. The message is generic: JAX-RS messages can carry
 * internals.
 */
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException exception) {
        Response original = exception.getResponse();
        int status = original == null ? 500 : original.getStatus();
        Response.ResponseBuilder builder = Response.fromResponse(ApiErrors.response(status, messageFor(status, exception)));
        if (original != null) {
            original.getStringHeaders().forEach((name, values) -> {
                if (!"Content-Type".equalsIgnoreCase(name) && !"Content-Length".equalsIgnoreCase(name)) {
                    values.forEach(v -> builder.header(name, v));
                }
            });
        }
        return builder.build();
    }

    private static String messageFor(int status, WebApplicationException exception) {
        if (exception instanceof ApiException) {
            return exception.getMessage();
        }
        switch (status) {
            case 400: return "The request is malformed.";
            case 404: return "No such resource.";
            case 405: return "This method is not allowed here; see the Allow header.";
            case 406: return "This resource answers application/json only.";
            case 415: return "Unsupported Content-Type.";
            default:
                return status >= 500 ? "Internal error." : Response.Status.Family.familyOf(status) + " " + status;
        }
    }
}
