package io.plugboard.rest.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import io.plugboard.api.oidc.OidcIssuer;
import io.plugboard.api.oidc.SigningKey;

/** {@code GET /oidc/keys} and {@code POST /oidc/keys/rotate}: Plugboard's ID-token signing keys (admin only). */
@Path("/oidc/keys")
@Produces(MediaType.APPLICATION_JSON)
public class OidcKeysResource {

    private final OidcIssuer issuer;

    public OidcKeysResource(OidcIssuer issuer) {
        this.issuer = issuer;
    }

    @GET
    public Map<String, Object> list() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("issuer", issuer.issuer());
        body.put("items", issuer.keys().stream().map(SigningKey::toMap).toList());
        return body;
    }

    @POST
    @Path("/rotate")
    public Map<String, Object> rotate() {
        return issuer.rotate().toMap();
    }
}
