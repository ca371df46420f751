package io.plugboard.rest.internal;

import java.util.Map;

import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import io.plugboard.api.resource.Kind;
import io.plugboard.api.resource.Resource;
import io.plugboard.api.resource.ResourceNotFoundException;
import io.plugboard.api.resource.ResourceRef;
import io.plugboard.api.resource.ResourceService;
import io.plugboard.api.resource.Scope;

/**
 * {@code /api/v1/secrets}, {@code /api/v1/integrations}, {@code /api/v1/eventsources}: list, read and delete
 * resources. Reads answer the documents of {@code apply} (a secret shows its key names only), as JSON or, with
 * {@code ?output=yaml}, YAML. A resource is named by {@code organization} (default {@code default}),
 * {@code canvasId} (absent: organization-wide) and its name. The service's exceptions become 400/404/409 in
 * {@link ResourceExceptionMapper}.
 */
@Path("/{plural: secrets|integrations|eventsources}")
public class ResourcesResource {

    private final ResourceService resources;

    public ResourcesResource(ResourceService resources) {
        this.resources = resources;
    }

    /** {@code {"items": [document, ...]}}, sorted by organization, canvas and name; filters are optional. */
    @GET
    @Produces({MediaType.APPLICATION_JSON, ResponseFormat.APPLICATION_YAML})
    public Response list(@PathParam("plural") String plural, @QueryParam("organization") String organization,
                         @QueryParam("canvasId") String canvasId, @QueryParam("output") String output,
                         @Context HttpHeaders headers) {
        Kind kind = kind(plural);
        boolean yaml = ResponseFormat.yaml(output, headers);
        var items = resources.list(kind, emptyToNull(organization), emptyToNull(canvasId)).stream()
                .map(Resource::toDocument).toList();
        return ResponseFormat.ok(Map.of("items", items), yaml);
    }

    /** The document; 404 when there is no such resource in that scope. */
    @GET
    @Path("/{name}")
    @Produces({MediaType.APPLICATION_JSON, ResponseFormat.APPLICATION_YAML})
    public Response get(@PathParam("plural") String plural, @PathParam("name") String name,
                        @QueryParam("organization") String organization, @QueryParam("canvasId") String canvasId,
                        @QueryParam("output") String output, @Context HttpHeaders headers) {
        ResourceRef ref = new ResourceRef(kind(plural), Scope.of(organization, canvasId), name);
        boolean yaml = ResponseFormat.yaml(output, headers);
        Resource resource = resources.get(ref).orElseThrow(() -> new ResourceNotFoundException(ref));
        return ResponseFormat.ok(resource.toDocument(), yaml);
    }

    /**
     * 204; 404 when absent; 409 with the referrers when others use it. {@code cascade=true} on an integration also
     * deletes the event sources that use it.
     */
    @DELETE
    @Path("/{name}")
    public Response delete(@PathParam("plural") String plural, @PathParam("name") String name,
                           @QueryParam("organization") String organization, @QueryParam("canvasId") String canvasId,
                           @QueryParam("cascade") String cascade) {
        ResourceRef ref = new ResourceRef(kind(plural), Scope.of(organization, canvasId), name);
        resources.delete(ref, flag("cascade", cascade));
        return Response.noContent().build();
    }

    /**
     * Runs an integration's provisioning now and waits for it: 200 with the integration, whose
     * {@code status.provisioning} says how it went (a provider's refusal is a Failed state there, not an HTTP error);
     * 404 when absent or not an integration; 503 when provisioning did not finish within a minute.
     */
    @POST
    @Path("/{name}/provision")
    @Produces({MediaType.APPLICATION_JSON, ResponseFormat.APPLICATION_YAML})
    public Response provision(@PathParam("plural") String plural, @PathParam("name") String name,
                              @QueryParam("organization") String organization, @QueryParam("canvasId") String canvasId,
                              @QueryParam("output") String output, @Context HttpHeaders headers) {
        Kind kind = kind(plural);
        if (kind != Kind.INTEGRATION) {
            throw new ApiException(404, "Only integrations are provisioned: POST /api/v1/integrations/{name}/provision.");
        }
        ResourceRef ref = new ResourceRef(kind, Scope.of(organization, canvasId), name);
        Resource provisioned;
        try {
            provisioned = resources.provision(ref);
        } catch (IllegalStateException e) {
            throw new ApiException(503, e.getMessage());
        }
        return ResponseFormat.ok(provisioned.toDocument(), ResponseFormat.yaml(output, headers));
    }

    private static Kind kind(String plural) {
        return Kind.ofPlural(plural).orElseThrow(() -> new ApiException(404, "No resource type '" + plural
                + "': use secrets, integrations or eventsources."));
    }

    private static boolean flag(String name, String value) {
        if (value == null || value.isEmpty() || "false".equalsIgnoreCase(value)) {
            return false;
        }
        if ("true".equalsIgnoreCase(value)) {
            return true;
        }
        throw new ApiException(400, "Query parameter '" + name + "' must be true or false, not '" + value + "'.");
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
