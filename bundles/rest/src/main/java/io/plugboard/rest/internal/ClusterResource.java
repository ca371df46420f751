package io.plugboard.rest.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import io.plugboard.api.cluster.Cluster;
import io.plugboard.api.cluster.ClusterNode;

/** {@code /api/v1/cluster}: the nodes sharing this server's database. */
@Path("/cluster")
public class ClusterResource {

    private final Cluster cluster;

    public ClusterResource(Cluster cluster) {
        this.cluster = cluster;
    }

    /**
     * {@code {"self": "<this node's id>", "items": [{"id","startedAt","lastHeartbeat","version","database","alive",
     * "self"}, ...]}}, by id.
     */
    @GET
    @Path("/nodes")
    @Produces({MediaType.APPLICATION_JSON, ResponseFormat.APPLICATION_YAML})
    public Response nodes(@QueryParam("output") String output, @Context HttpHeaders headers) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("self", cluster.nodeId());
        body.put("items", cluster.nodes().stream().map(ClusterResource::view).toList());
        return ResponseFormat.ok(body, ResponseFormat.yaml(output, headers));
    }

    static Map<String, Object> view(ClusterNode n) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", n.id());
        v.put("startedAt", n.startedAt().toString());
        v.put("lastHeartbeat", n.heartbeatAt().toString());
        v.put("version", n.version());
        v.put("database", n.database());
        v.put("alive", n.alive());
        v.put("self", n.self());
        return v;
    }
}
