package io.plugboard.rest.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.ws.rs.Consumes;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import io.plugboard.api.connection.ExpressionResolver;
import io.plugboard.api.resource.Scope;

/**
 * {@code POST /api/v1/expressions/resolve}: tries a template out. {@code {"template": <string or JSON>,
 * "organization"?, "canvasId"?}} → {@code {"value": ...}} with every {@code ${connections...}} resolved; secret fields
 * of connections read {@code ********} (this is for checking templates, not for reading credentials). 400 with the
 * reason when an expression is malformed or names nothing.
 */
@Path("/expressions")
@Produces(MediaType.APPLICATION_JSON)
public class ExpressionsResource {

    private final ExpressionResolver resolver;

    public ExpressionsResource(ExpressionResolver resolver) {
        this.resolver = resolver;
    }

    @POST
    @Path("/resolve")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response resolve(Map<String, Object> body) {
        if (body == null || !body.containsKey("template")) {
            throw new ApiException(400, "Send {\"template\": \"${connections.<provider>.<name>.<field>}\"}.");
        }
        JsonBodies.onlyFields(body, "", "template", "organization", "canvasId");
        Scope scope = Scope.of(ConnectionsResource.text(body, "organization", false),
                ConnectionsResource.text(body, "canvasId", false));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("value", resolver.preview(body.get("template"), scope));
        return Response.ok(answer, MediaType.APPLICATION_JSON_TYPE).build();
    }
}
