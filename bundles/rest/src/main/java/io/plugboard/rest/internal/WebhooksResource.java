package io.plugboard.rest.internal;

import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import io.plugboard.api.event.WebhookCounters;

/** {@code /api/v1/webhooks}: what the webhook endpoint and the dispatcher have counted since they started. */
@Path("/webhooks")
public class WebhooksResource {

    private final WebhookCounters counters;

    public WebhooksResource(WebhookCounters counters) {
        this.counters = counters;
    }

    /** {@code {"counters": {"received": n, "accepted": n, ...}}}; 503 while the webhooks bundle is not active. */
    @GET
    @Path("/counters")
    @Produces({MediaType.APPLICATION_JSON, ResponseFormat.APPLICATION_YAML})
    public Response counters(@QueryParam("output") String output, @Context HttpHeaders headers) {
        return ResponseFormat.ok(Map.of("counters", counters.counters()), ResponseFormat.yaml(output, headers));
    }
}
