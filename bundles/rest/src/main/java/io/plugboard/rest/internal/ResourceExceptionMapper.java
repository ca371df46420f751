package io.plugboard.rest.internal;

import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;

import io.plugboard.api.connection.ConnectionExistsException;
import io.plugboard.api.connection.ConnectionInUseException;
import io.plugboard.api.connection.ConnectionNotFoundException;
import io.plugboard.api.connection.RevocationFailedException;
import io.plugboard.api.resource.InvalidResourceException;
import io.plugboard.api.resource.ResourceInUseException;
import io.plugboard.api.resource.ResourceNotFoundException;
import io.plugboard.api.resource.ResourceService;

/**
 * The exceptions of {@link ResourceService} as JSON errors, so resource classes can just call it:
 * <ul>
 * <li>{@link InvalidResourceException}: 400 {@code {"error":"invalid","message","details":[{"document","field","message"}]}}
 * (documents numbered from 1);</li>
 * <li>{@link ResourceNotFoundException}: 404 {@code not_found};</li>
 * <li>{@link ResourceInUseException}: 409 {@code {"error":"conflict","message","referrers":[{"kind","name","organization","canvasId"}]}};</li>
 * <li>{@link IllegalArgumentException}: 400 {@code bad_request} with its message.</li>
 * </ul>
 * Any other runtime exception is handed to {@link UnexpectedExceptionMapper} (500, incident id, no stack trace);
 * JAX-RS errors keep going to the more specific {@link WebApplicationExceptionMapper}.
 */
public class ResourceExceptionMapper implements ExceptionMapper<RuntimeException> {

    private final UnexpectedExceptionMapper unexpected = new UnexpectedExceptionMapper();

    @Override
    public Response toResponse(RuntimeException exception) {
        if (exception instanceof InvalidResourceException invalid) {
            return json(400, new ErrorBody("invalid", summary(invalid),
                    invalid.errors().stream()
                            .map(e -> new ErrorBody.Detail(e.document() + 1, e.field(), e.message()))
                            .toList(),
                    null));
        }
        if (exception instanceof ResourceNotFoundException notFound) {
            return ApiErrors.response(404, "not_found", notFound.getMessage());
        }
        if (exception instanceof ResourceInUseException inUse) {
            return json(409, new ErrorBody("conflict", inUse.getMessage(), null,
                    inUse.referrers().stream().map(RefView::of).toList()));
        }
        if (exception instanceof ConnectionNotFoundException notFound) {
            return ApiErrors.response(404, "not_found", notFound.getMessage());
        }
        if (exception instanceof RevocationFailedException) {
            return ApiErrors.response(502, "revocation_failed", exception.getMessage());
        }
        if (exception instanceof ConnectionExistsException || exception instanceof ConnectionInUseException) {
            return ApiErrors.response(409, "conflict", exception.getMessage());
        }
        if (exception instanceof IllegalArgumentException illegal) {
            String message = illegal.getMessage();
            return ApiErrors.response(400, "bad_request",
                    message == null || message.isBlank() ? "The request is invalid." : message);
        }
        return unexpected.toResponse(exception);
    }

    private static String summary(InvalidResourceException e) {
        int count = e.errors().size();
        String head = "Invalid input, nothing was stored";
        return count == 0 ? head + "." : head + " (" + count + (count == 1 ? " problem): " : " problems): ") + e.getMessage();
    }

    private static Response json(int status, ErrorBody body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
