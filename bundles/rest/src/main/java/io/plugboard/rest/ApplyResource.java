package io.plugboard.rest;

import java.util.List;
import java.util.Map;

import javax.ws.rs.Consumes;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import io.plugboard.api.resource.AppliedResource;
import io.plugboard.api.resource.ApplyAction;
import io.plugboard.api.resource.ResourceService;

/**
 * {@code POST /api/v1/apply}: creates or updates resources from YAML or JSON documents (separated by {@code ---}).
 * All or nothing: 201 when a document was created, 200 otherwise, 400 with every problem when any is invalid.
 */
@Path("/apply")
public class ApplyResource {

    private final ResourceService resources;

    public ApplyResource(ResourceService resources) {
        this.resources = resources;
    }

    @POST
    @Consumes({"application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", MediaType.APPLICATION_JSON,
            MediaType.TEXT_PLAIN})
    @Produces(MediaType.APPLICATION_JSON)
    public Response apply(String body) {
        if (body == null || body.isBlank()) {
            throw new ApiException(400, "The request body is empty: send one or more YAML or JSON documents.");
        }
        List<AppliedResource> applied = resources.apply(body);
        boolean created = applied.stream().anyMatch(a -> a.action() == ApplyAction.CREATED);
        return Response.status(created ? Response.Status.CREATED : Response.Status.OK)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("results", applied.stream().map(AppliedView::of).toList()))
                .build();
    }
}
