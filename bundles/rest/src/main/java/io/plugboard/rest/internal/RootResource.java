package io.plugboard.rest.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

/**
 * Published at {@code /}: says where the API is, and - being the CXF endpoint with the shortest address - answers
 * every path no other endpoint owns with a JSON 404 instead of CXF's HTML page.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class RootResource {

    @GET
    public Map<String, String> index() {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("name", "Plugboard");
        body.put("api", RestApiComponent.ADDRESS);
        body.put("health", RestApiComponent.ADDRESS + "/health");
        return body;
    }
}
