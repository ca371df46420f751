package io.plugboard.rest.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import io.plugboard.api.provider.ProviderRegistry;
import io.plugboard.api.system.SystemStatus;

/**
 * {@code GET /api/v1/health} (and {@code /health/ready}, for a load balancer): no authentication; 200 {@code UP} when
 * the database is up, the webhook endpoint takes deliveries and no provider bundle is still starting; else 503
 * {@code DOWN} (database) or {@code STARTING}, with {@code Retry-After}. {@code /health/live}: 200 while the process
 * answers at all.
 */
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

    private final ProviderRegistry registry;
    private final Supplier<SystemStatus> status;
    private final BooleanSupplier webhooksReady;
    private final IntSupplier providersStarting;

    public HealthResource(ProviderRegistry registry, Supplier<SystemStatus> status) {
        this(registry, status, () -> true, () -> 0);
    }

    /**
     * @param webhooksReady     whether {@code POST /webhooks/...} is served (its route started)
     * @param providersStarting provider bundles being activated now, whose webhooks would find no provider yet
     */
    public HealthResource(ProviderRegistry registry, Supplier<SystemStatus> status, BooleanSupplier webhooksReady,
                          IntSupplier providersStarting) {
        this.registry = registry;
        this.status = status;
        this.webhooksReady = webhooksReady;
        this.providersStarting = providersStarting;
    }

    @GET
    public Response health() {
        SystemStatus system = status.get();
        boolean databaseUp = system != null && system.databaseUp();
        boolean webhooks = webhooksReady.getAsBoolean();
        int starting = providersStarting.getAsInt();
        String overall = !databaseUp ? "DOWN" : !webhooks || starting > 0 ? "STARTING" : "UP";
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", overall);
        body.put("version", system != null ? system.version() : "unknown");
        body.put("providers", registry.providers().size());
        body.put("database", databaseUp ? "UP" : "DOWN");
        if (!webhooks || starting > 0) {
            body.put("webhooks", webhooks ? "UP" : "STARTING");
            body.put("providersStarting", starting);
        }
        Response.ResponseBuilder answer = Response.status("UP".equals(overall) ? 200 : 503).entity(body);
        return "UP".equals(overall) ? answer.build() : answer.header("Retry-After", "5").build();
    }

    @GET
    @Path("/ready")
    public Response ready() {
        return health();
    }

    @GET
    @Path("/live")
    public Response live() {
        return Response.ok(Map.of("status", "UP")).build();
    }
}
