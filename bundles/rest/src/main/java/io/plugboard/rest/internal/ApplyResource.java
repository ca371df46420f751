package io.plugboard.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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

    /** Resource documents are small; a larger body is refused before it is read into memory. */
    static final int MAX_BYTES = 1024 * 1024;

    private final ResourceService resources;

    public ApplyResource(ResourceService resources) {
        this.resources = resources;
    }

    @POST
    @Consumes({"application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", MediaType.APPLICATION_JSON})
    @Produces(MediaType.APPLICATION_JSON)
    public Response apply(InputStream input) throws IOException {
        return apply(readAtMost(input, MAX_BYTES));
    }

    Response apply(String body) {
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

    private static String readAtMost(InputStream input, int max) throws IOException {
        byte[] bytes = input.readNBytes(max + 1);
        if (bytes.length > max) {
            throw new ApiException(413, "The request body is larger than " + max / 1024 + " KiB: apply fewer documents at a time.");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
