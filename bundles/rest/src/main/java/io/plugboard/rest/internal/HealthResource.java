package io.plugboard.rest.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import io.plugboard.api.provider.ProviderRegistry;
import io.plugboard.api.system.SystemStatus;

/** {@code GET /api/v1/health}: no authentication; 200 when UP, 503 when the database is not available. */
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

    private final ProviderRegistry registry;
    private final Supplier<SystemStatus> status;

    public HealthResource(ProviderRegistry registry, Supplier<SystemStatus> status) {
        this.registry = registry;
        this.status = status;
    }

    @GET
    public Response health() {
        SystemStatus system = status.get();
        boolean databaseUp = system != null && system.databaseUp();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", databaseUp ? "UP" : "DOWN");
        body.put("version", system != null ? system.version() : "unknown");
        body.put("providers", registry.providers().size());
        body.put("database", databaseUp ? "UP" : "DOWN");
        return Response.status(databaseUp ? 200 : 503).entity(body).build();
    }
}
