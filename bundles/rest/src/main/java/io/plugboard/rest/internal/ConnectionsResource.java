package io.plugboard.rest.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import io.plugboard.api.connection.AuthorizationRequest;
import io.plugboard.api.connection.AuthorizationStatus;
import io.plugboard.api.connection.AccessTokens;
import io.plugboard.api.connection.Connection;
import io.plugboard.api.connection.OAuthFlows;
import io.plugboard.api.connection.ConnectionNotFoundException;
import io.plugboard.api.connection.ConnectionService;
import io.plugboard.api.connection.ConnectionTypeRef;
import io.plugboard.api.connection.CreatedConnection;
import io.plugboard.api.connection.NewConnection;
import io.plugboard.api.resource.FieldError;
import io.plugboard.api.resource.InvalidResourceException;
import io.plugboard.api.resource.Scope;

/**
 * {@code /api/v1/connections}: create (Form sources), list, get, delete, test. Stored values go in once and are never
 * returned; the display-once object is in the create answer only.
 */
@Path("/connections")
@Produces(MediaType.APPLICATION_JSON)
public class ConnectionsResource {

    private final ConnectionService connections;
    private final OAuthFlows flows;

    private final AccessTokens tokens;

    public ConnectionsResource(ConnectionService connections, OAuthFlows flows, AccessTokens tokens) {
        this.tokens = tokens;
        this.connections = connections;
        this.flows = flows;
    }

    /**
     * Starts an OAuth2 connection: {@code {"type", "name", "provider"?, "baseUrl"?, "environment"?, "signupToken"?,
     * "organization"?, "canvasId"?}} → 201 {@code {"id", "authorizeUrl", "expiresAt"}}; open {@code authorizeUrl} in a
     * browser (single use, 10 minutes). 400 when the source is not OAuth2, no client is configured, a base URL is
     * missing; 404 for an unknown type.
     */
    @POST
    @Path("/authorize")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response authorize(Map<String, Object> body) {
        if (body == null) {
            throw new ApiException(400, "The request body is empty: send {\"type\", \"name\"}.");
        }
        JsonBodies.onlyFields(body, "", "type", "name", "provider", "organization", "canvasId", "baseUrl", "environment",
                "signupToken");
        AuthorizationStatus started = flows.start(new AuthorizationRequest(ConnectionTypeRef.parse(text(body, "type", true)),
                text(body, "name", true), text(body, "provider", false),
                Scope.of(text(body, "organization", false), text(body, "canvasId", false)), text(body, "baseUrl", false),
                text(body, "environment", false), text(body, "signupToken", false)));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", started.attemptId());
        view.put("authorizeUrl", started.authorizeUrl().toString());
        view.put("expiresAt", EventViewValues.instant(started.expiresAt()));
        return Response.status(Response.Status.CREATED).type(MediaType.APPLICATION_JSON_TYPE).entity(view).build();
    }

    /**
     * How an attempt stands: {@code {"id", "state": PENDING|DONE|FAILED|EXPIRED, "reason"?, "connection"?,
     * "displayOnce"?}}; {@code displayOnce} (what the type's displayOnce schema shows) only in the first answer after DONE.
     */
    @GET
    @Path("/authorize/{attempt}")
    public Response attempt(@PathParam("attempt") String attempt) {
        AuthorizationStatus status = flows.status(attempt).orElseThrow(() ->
                new ConnectionNotFoundException("No connection attempt '" + attempt + "'."));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", status.attemptId());
        view.put("state", status.state().name());
        view.put("expiresAt", EventViewValues.instant(status.expiresAt()));
        if (!status.reason().isEmpty()) {
            view.put("reason", status.reason());
        }
        if (status.connection() != null) {
            view.put("connection", ConnectionViews.connection(status.connection()));
        }
        if (!status.displayOnce().isEmpty()) {
            view.put("displayOnce", status.displayOnce());
        }
        return Response.ok(view, MediaType.APPLICATION_JSON_TYPE).build();
    }

    /**
     * {@code {"type": "github/token@1", "name": "mine", "provider": "default", "input": {...}, "organization"?,
     * "canvasId"?}} ({@code provider}: the type's source, default its first) → 201 with the connection and
     * {@code displayOnce}; 400 naming the fields when the input does not match; 404 for an unknown type; 409 when the
     * name is taken.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(Map<String, Object> body) {
        if (body == null) {
            throw new ApiException(400, "The request body is empty: send {\"type\", \"name\", \"input\"}.");
        }
        JsonBodies.onlyFields(body, "", "type", "name", "provider", "organization", "canvasId", "input");
        ConnectionTypeRef type = ConnectionTypeRef.parse(text(body, "type", true));
        Object input = body.getOrDefault("input", Map.of());
        if (!(input instanceof Map<?, ?>)) {
            throw new ApiException(400, "'input' must be an object of the form's fields.");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) input;
        CreatedConnection created;
        try {
            created = connections.create(new NewConnection(type, text(body, "name", true), text(body, "provider", false),
                    Scope.of(text(body, "organization", false), text(body, "canvasId", false)), fields));
        } catch (InvalidResourceException invalid) {
            return invalid(invalid);
        }
        Map<String, Object> view = ConnectionViews.connection(created.connection());
        view.put("displayOnce", created.displayOnce());
        return Response.status(Response.Status.CREATED).type(MediaType.APPLICATION_JSON_TYPE).entity(view).build();
    }

    /** {@code {"items": [...]}}; filters {@code type}, {@code organization}, {@code canvasId}, all optional. */
    @GET
    public Response list(@QueryParam("type") String type, @QueryParam("organization") String organization,
                         @QueryParam("canvasId") String canvasId) {
        ConnectionTypeRef ref = type == null || type.isEmpty() ? null : ConnectionTypeRef.parse(type);
        Scope scope = (organization == null || organization.isEmpty()) && (canvasId == null || canvasId.isEmpty()) ? null
                : Scope.of(organization, canvasId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", ConnectionViews.connections(connections.list(scope, ref)));
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) {
        return Response.ok(ConnectionViews.connection(find(id)), MediaType.APPLICATION_JSON_TYPE).build();
    }

    /**
     * 204; 404 when absent; 409 while an integration authenticates with it; 502 when revoking its tokens at the
     * provider failed (nothing deleted; {@code ?force=true} deletes anyway).
     */
    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id, @QueryParam("force") boolean force) {
        connections.delete(id, force);
        return Response.noContent().build();
    }

    /** Runs the type's probe now: 200 with the connection, its new status and subject. */
    @POST
    @Path("/{id}/test")
    public Response test(@PathParam("id") String id) {
        return Response.ok(ConnectionViews.connection(connections.test(id)), MediaType.APPLICATION_JSON_TYPE).build();
    }

    /**
     * Refreshes an OAuth2 connection's access token now: 200 with the connection and {@code expiresAt}; 404 when
     * absent; 409 for a Form connection or one without a refresh token (nothing changed); 502 when the provider
     * refused or could not be reached (a refused refresh token makes the connection NeedsReauth).
     */
    @POST
    @Path("/{id}/refresh")
    public Response refresh(@PathParam("id") String id) {
        find(id);
        java.time.Instant expiresAt;
        try {
            expiresAt = tokens.refresh(id);
        } catch (IllegalArgumentException e) {
            throw new ApiException(409, "conflict", e.getMessage());
        } catch (IllegalStateException e) {
            throw new ApiException(502, "refresh_failed", e.getMessage());
        }
        Map<String, Object> view = new LinkedHashMap<>(ConnectionViews.connection(find(id)));
        view.put("expiresAt", expiresAt == null ? null : expiresAt.toString());
        return Response.ok(view, MediaType.APPLICATION_JSON_TYPE).build();
    }

    private Connection find(String id) {
        return connections.get(id).orElseThrow(() -> new ConnectionNotFoundException("No connection with id '" + id + "'."));
    }

    /** 400 naming each field ({@code input.token: required}); one request is one document, so no document numbers. */
    private static Response invalid(InvalidResourceException invalid) {
        List<Map<String, String>> details = invalid.errors().stream()
                .map(e -> Map.of("field", e.field(), "message", e.message())).toList();
        String summary = invalid.errors().stream().map(FieldError::toString).collect(Collectors.joining("; "));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "invalid");
        body.put("message", "Invalid input, nothing was stored: " + summary);
        body.put("details", details);
        return Response.status(400).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }

    static String text(Map<String, Object> body, String field, boolean required) {
        Object value = body.get(field);
        if (value == null || (value instanceof String s && s.isEmpty())) {
            if (required) {
                throw new ApiException(400, "'" + field + "' is required.");
            }
            return null;
        }
        if (!(value instanceof String s)) {
            throw new ApiException(400, "'" + field + "' must be a string.");
        }
        return s;
    }
}
