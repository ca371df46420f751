package io.plugboard.rest.internal;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import io.plugboard.api.execution.Execution;
import io.plugboard.api.execution.ExecutionNotFoundException;
import io.plugboard.api.execution.ExecutionQuery;
import io.plugboard.api.execution.ExecutionService;
import io.plugboard.api.execution.ExecutionState;
import io.plugboard.api.execution.UnknownActionException;
import io.plugboard.api.oidc.CallerTokens;
import io.plugboard.api.resource.Kind;
import io.plugboard.api.resource.ResourceRef;
import io.plugboard.api.resource.ResourceService;
import io.plugboard.api.resource.Scope;
import io.plugboard.api.server.AdminAuthenticator;

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
    private final CallerTokens callers;
    private final ResourceService resources;
    private final AdminAuthenticator admin;

    public ExecutionsResource(ExecutionService executions, CallerTokens callers, ResourceService resources,
                              AdminAuthenticator admin) {
        this.admin = admin;
        this.executions = executions;
        this.callers = callers;
        this.resources = resources;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @SuppressWarnings("unchecked")
    public Response start(Map<String, Object> body) {
        if (body == null || !(body.get("executor") instanceof Map)) {
            throw new ApiException(400, "invalid", "The body must be {\"executor\": {type, integration, <provider>: {...}}}.");
        }
        JsonBodies.onlyFields(body, "", "executor", "metadata");
        Map<String, Object> metadata = body.get("metadata") instanceof Map ? (Map<String, Object>) body.get("metadata") : Map.of();
        JsonBodies.onlyFields(metadata, "metadata.", "organization", "canvasId");
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
        String integrationName = blankToNull(integration) == null ? null
                : resources.resolve(Kind.INTEGRATION, integration.trim(), blankToNull(organization) == null ? null
                        : Scope.organization(organization.trim())).name();
        return Map.of("items", executions.list(new ExecutionQuery(blankToNull(organization), integrationName,
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

    /**
     * The outcome of a running execution, reported by the job that runs it: with the admin token, or with the job's
     * ID token for the execution's integration ({@code spec.oidc}). Body {@code {"state": "PASSED|FAILED|ERROR",
     * "outputs": {…}, "reason": "…"}}.
     */
    @POST
    @Path("/{id}/complete")
    @Consumes(MediaType.APPLICATION_JSON)
    @SuppressWarnings("unchecked")
    public Map<String, Object> complete(@PathParam("id") String id,
                                        @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                        Map<String, Object> body) {
        boolean admin = CallerAuth.isAdmin(this.admin, authorization);
        Optional<Execution> found = executions.get(id);
        if (!admin) {
            // who may not see it learns nothing about it: the same 401 whether it exists or not
            Execution e = found.orElseThrow(() -> CallerAuth.refused(CallerAuth.REFUSED));
            ResourceRef ref = new ResourceRef(Kind.INTEGRATION, e.scope(), e.integration());
            if (e.scope().canvasId() != null && resources.get(ref).isEmpty()) { // an organization's integration
                ref = new ResourceRef(Kind.INTEGRATION, Scope.organization(e.scope().organization()), e.integration());
            }
            CallerAuth.verified(callers, ref, authorization);
        } else if (found.isEmpty()) {
            throw new ApiException(404, "not_found", "No execution '" + id + "'.");
        }
        if (body == null || !(body.get("state") instanceof String state)) {
            throw new ApiException(400, "invalid", "The body must be {\"state\": \"PASSED|FAILED|ERROR\", \"outputs\": {…}, "
                    + "\"reason\": \"…\"}.");
        }
        JsonBodies.onlyFields(body, "", "state", "outputs", "reason");
        ExecutionState outcome;
        try {
            outcome = ExecutionState.valueOf(state.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            outcome = null;
        }
        if (outcome != ExecutionState.PASSED && outcome != ExecutionState.FAILED && outcome != ExecutionState.ERROR) {
            throw new ApiException(400, "invalid", "'state' must be PASSED, FAILED or ERROR.");
        }
        Object outputs = body.get("outputs");
        if (outputs != null && !(outputs instanceof Map)) {
            throw new ApiException(400, "invalid", "'outputs' must be an object.");
        }
        Object reason = body.get("reason");
        if (reason != null && !(reason instanceof String)) {
            throw new ApiException(400, "invalid", "'reason' must be text.");
        }
        try {
            return executions.complete(id, outcome, outputs == null ? Map.of() : (Map<String, Object>) outputs,
                    (String) reason).toMap();
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
