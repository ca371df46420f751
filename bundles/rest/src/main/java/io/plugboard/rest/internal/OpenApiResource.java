package io.plugboard.rest.internal;

import java.io.IOException;
import java.io.InputStream;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Response;

/**
 * The OpenAPI 3 description of this API, public like the health checks. The documents are generated at build time
 * from the JAX-RS resources of this bundle (see {@code src/test/java/.../OpenApiGenerator}) and packaged under
 * {@code openapi/}; {@code OpenApiDocumentTest} fails the build when a resource method is missing from them.
 */
@Path("/")
public class OpenApiResource {

    static final String JSON = "openapi/openapi.json";
    static final String YAML = "openapi/openapi.yaml";

    @GET
    @Path("openapi.json")
    @Produces("application/json")
    public Response json() {
        return document(JSON, "application/json");
    }

    @GET
    @Path("openapi.yaml")
    @Produces("application/yaml")
    public Response yaml() {
        return document(YAML, "application/yaml");
    }

    private Response document(String resource, String type) {
        InputStream in = OpenApiResource.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            return ApiErrors.response(503, "unavailable", "This build of Plugboard carries no OpenAPI document.");
        }
        try (in) {
            return Response.ok(in.readAllBytes(), type + "; charset=utf-8").build();
        } catch (IOException e) {
            return ApiErrors.response(503, "unavailable", "The OpenAPI document could not be read.");
        }
    }
}
