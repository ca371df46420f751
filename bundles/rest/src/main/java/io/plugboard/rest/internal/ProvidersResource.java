package io.plugboard.rest.internal;

import java.util.List;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import io.plugboard.api.provider.ProviderRegistry;

/** {@code /api/v1/providers}: the providers active right now. */
@Path("/providers")
@Produces(MediaType.APPLICATION_JSON)
public class ProvidersResource {

    private final ProviderRegistry registry;

    public ProvidersResource(ProviderRegistry registry) {
        this.registry = registry;
    }

    @GET
    public List<ProviderView> list() {
        return registry.providers().stream().map(ProviderView::of).toList();
    }

    @GET
    @Path("/{id}")
    public ProviderView get(@PathParam("id") String id) {
        return registry.provider(id).map(ProviderView::of)
                .orElseThrow(() -> new ApiException(404, "No active provider '" + id + "'."));
    }
}
