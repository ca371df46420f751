package io.plugboard.rest.internal;

import java.net.URI;
import java.util.Locale;
import java.util.Map;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import io.plugboard.api.execution.Execution;
import io.plugboard.api.execution.ExecutionNotFoundException;
import io.plugboard.api.execution.ExecutionQuery;
import io.plugboard.api.execution.ExecutionService;
import io.plugboard.api.execution.ExecutionState;
import io.plugboard.api.execution.UnknownActionException;
import io.plugboard.api.resource.Scope;

/**
 * {@code /api/v1/executions}: runs of providers' actions.
 * <ul>
 * <li>{@code POST} {@code {"executor": {type, integration: {domain, name}, action?, <provider>: {input}}, "metadata":
 * {organization?, canvasId?}}} → 201 with the execution ({@code PENDING}) and its Location; 400 naming each invalid
 * field (nothing stored, nothing run); 404 for an unknown integration, provider or action;</li>
 * <li>{@code GET ?integration=&state=&organization=&limit=} → {@code {"items": [...]}}, newest first;</li>
 * <li>{@code GET /{id}}; {@code POST /{id}/cancel} → the execution, 409 when it has finished or cannot be
 * cancelled.</li>
 * </ul>
 * Live changes: {@code GET /api/v1/executions/stream} (Server-Sent Events, {@link EventStreamServlet}).
 */
@Path("/executions")
@Produces(MediaType.APPLICATION_JSON)
public class ExecutionsResource {

    private final ExecutionService executions;

    public ExecutionsResource(ExecutionService executions) {
        this.executions = executions;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @SuppressWarnings("unchecked")
    public Response start(Map<String, Object> body) {
        if (body == null || !(body.get("executor") instanceof Map)) {
            throw new ApiException(400, "invalid", "The body must be {\"executor\": {type, integration, <provider>: {...}}}.");
        }
        Map<String, Object> metadata = body.get("metadata") instanceof Map ? (Map<String, Object>) body.get("metadata") : Map.of();
        Object organization = metadata.get("organization");
        Object canvas = metadata.get("canvasId");
        Execution e;
        try {
            e = executions.start(Scope.of(organization == null ? null : organization.toString(),
                    canvas == null ? null : canvas.toString()), (Map<String, Object>) body.get("executor"));
        } catch (UnknownActionException unknown) {
            throw new ApiException(404, "not_found", unknown.getMessage());
        }
        return Response.created(URI.create("executions/" + e.id())) // relative to the application's base, /api/v1/
                .entity(e.toMap()).build();
    }

    @GET
    public Map<String, Object> list(@QueryParam("integration") String integration, @QueryParam("state") String state,
                                    @QueryParam("organization") String organization, @QueryParam("limit") Integer limit) {
        ExecutionState wanted = null;
        if (state != null && !state.isBlank()) {
            try {
                wanted = ExecutionState.valueOf(state.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "bad_request", "state must be one of " + java.util.Arrays.toString(ExecutionState.values()));
            }
        }
        int max = limit == null ? 100 : limit;
        if (max < 1 || max > 500) {
            throw new ApiException(400, "bad_request", "limit must be between 1 and 500.");
        }
        return Map.of("items", executions.list(new ExecutionQuery(blankToNull(organization), blankToNull(integration),
                wanted, max)).stream().map(Execution::toMap).toList());
    }

    @GET
    @Path("/{id}")
    public Map<String, Object> get(@PathParam("id") String id) {
        return executions.get(id).map(Execution::toMap)
                .orElseThrow(() -> new ApiException(404, "not_found", "No execution '" + id + "'."));
    }

    @POST
    @Path("/{id}/cancel")
    public Map<String, Object> cancel(@PathParam("id") String id) {
        try {
            return executions.cancel(id).toMap();
        } catch (ExecutionNotFoundException e) {
            throw new ApiException(404, "not_found", e.getMessage());
        } catch (IllegalStateException e) {
            throw new ApiException(409, "conflict", e.getMessage());
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
