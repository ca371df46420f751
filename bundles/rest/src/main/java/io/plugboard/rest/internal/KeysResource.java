package io.plugboard.rest.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import io.plugboard.api.resource.EncryptionKeys;

/** {@code /api/v1/keys}: the data keys that encrypt secret values, and their rotation. Key material never shows. */
@Path("/keys")
public class KeysResource {

    private final EncryptionKeys keys;

    public KeysResource(EncryptionKeys keys) {
        this.keys = keys;
    }

    /** {@code {"items": [{"id","createdAt","active","values"}, ...]}}, the active key first. */
    @GET
    @Produces({MediaType.APPLICATION_JSON, ResponseFormat.APPLICATION_YAML})
    public Response list(@QueryParam("output") String output, @Context HttpHeaders headers) {
        boolean yaml = ResponseFormat.yaml(output, headers);
        return ResponseFormat.ok(Map.of("items", keys.keys().stream().map(KeyView::of).toList()), yaml);
    }

    /** Adds a new active key, re-encrypts every value with it, retires the others: {@code {"newKeyId","reencrypted","retired"}}. */
    @POST
    @Path("/rotate")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> rotate() {
        EncryptionKeys.RotationResult result = keys.rotate();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("newKeyId", result.newKeyId());
        body.put("reencrypted", result.reencrypted());
        body.put("retired", result.retiredKeyIds());
        return body;
    }
}
