package io.plugboard.rest.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import io.plugboard.api.connection.ConnectionNotFoundException;
import io.plugboard.api.connection.ConnectionService;
import io.plugboard.api.connection.ConnectionType;
import io.plugboard.api.connection.ConnectionTypeRef;
import io.plugboard.api.connection.ConnectionTypeRegistry;

/**
 * {@code /api/v1/connection-types}: the connection types of the active providers (they come and go with their
 * bundles), and the files that were rejected.
 */
@Path("/connection-types")
@Produces(MediaType.APPLICATION_JSON)
public class ConnectionTypesResource {

    private final ConnectionTypeRegistry registry;
    private final ConnectionService connections;

    public ConnectionTypesResource(ConnectionTypeRegistry registry, ConnectionService connections) {
        this.registry = registry;
        this.connections = connections;
    }

    /** {@code {"items": [summary...], "invalid": [{provider, file, reason}...]}}; {@code ?provider=} filters. */
    @GET
    public Response list(@QueryParam("provider") String provider) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", registry.types().stream()
                .filter(t -> provider == null || provider.isEmpty() || t.ref().provider().equals(provider))
                .map(ConnectionViews::summary).toList());
        body.put("invalid", registry.invalid().stream()
                .filter(i -> provider == null || provider.isEmpty() || i.provider().equals(provider))
                .map(ConnectionViews::invalid).toList());
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** One type ({@code /connection-types/github/token@1}) with its schemas, probe and the form of each Form source. */
    @GET
    @Path("/{provider}/{type}")
    public Response get(@PathParam("provider") String provider, @PathParam("type") String nameAtVersion) {
        ConnectionTypeRef ref;
        try {
            ref = ConnectionTypeRef.parse(provider + "/" + nameAtVersion);
        } catch (IllegalArgumentException e) {
            throw new ApiException(404, "No connection type '" + provider + "/" + nameAtVersion
                    + "': expected /connection-types/<provider>/<name>@<version>, e.g. /connection-types/github/token@1");
        }
        ConnectionType type = registry.find(ref).orElseThrow(() -> new ConnectionNotFoundException(
                "No connection type " + ref + " (is provider '" + ref.provider() + "' active? see GET /api/v1/connection-types)."));
        return Response.ok(ConnectionViews.detail(type, connections), MediaType.APPLICATION_JSON_TYPE).build();
    }
}
