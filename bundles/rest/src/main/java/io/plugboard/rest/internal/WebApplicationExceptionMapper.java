package io.plugboard.rest.internal;

import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;

/**
 * Turns JAX-RS errors (no such path: 404, wrong method: 405, unsupported media type: 415, ...) into the JSON
 * error shape, keeping headers such as {@code Allow} (for a 405 narrowed to the methods of the requested path, see
 * {@link AllowedMethods}). The message is generic: JAX-RS messages can carry internals; an {@link ApiException}
 * keeps its own code and message.
 */
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException exception) {
        Response original = exception.getResponse();
        if (exception instanceof ApiException && original != null && original.getEntity() instanceof ErrorBody) {
            return original;    // built by ApiErrors: its error code and message are meant for the client
        }
        int status = original == null ? 500 : original.getStatus();
        Response.ResponseBuilder builder = Response.fromResponse(ApiErrors.response(status, messageFor(status, exception)));
        if (original != null) {
            original.getStringHeaders().forEach((name, values) -> {
                if (!"Content-Type".equalsIgnoreCase(name) && !"Content-Length".equalsIgnoreCase(name)) {
                    values.forEach(v -> builder.header(name, v));
                }
            });
        }
        if (status == 405) {
            AllowedMethods.ofCurrentRequest().ifPresent(methods -> {
                builder.header(HttpHeaders.ALLOW, null);
                methods.forEach(m -> builder.header(HttpHeaders.ALLOW, m));
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
            case 406: return "This resource cannot answer in the requested media type; ask for application/json.";
            case 415: return "Unsupported Content-Type.";
            default:
                return status >= 500 ? "Internal error." : Response.Status.Family.familyOf(status) + " " + status;
        }
    }
}
