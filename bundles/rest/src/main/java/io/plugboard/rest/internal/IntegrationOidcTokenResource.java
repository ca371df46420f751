package io.plugboard.rest.internal;

import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import io.plugboard.api.oidc.OidcIssuer;
import io.plugboard.api.provider.IssuedToken;
import io.plugboard.api.resource.Kind;
import io.plugboard.api.resource.ResourceRef;
import io.plugboard.api.resource.Scope;

/**
 * {@code POST /integrations/{name}/oidc-token} (admin): a fresh ID token for an integration with
 * {@code auth.use: AUTH_TYPE_OIDC} and its claims, as a call through it would carry - to check a provider's trust
 * policy against. Scope headers as for the proxy.
 */
@Path("/integrations/{name}/oidc-token")
@Produces(MediaType.APPLICATION_JSON)
public class IntegrationOidcTokenResource {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final OidcIssuer issuer;

    public IntegrationOidcTokenResource(OidcIssuer issuer) {
        this.issuer = issuer;
    }

    @POST
    public Map<String, Object> token(@PathParam("name") String name,
                                     @HeaderParam("X-Plugboard-Organization") String organization,
                                     @HeaderParam("X-Plugboard-Canvas") String canvas) {
        IssuedToken token;
        try {
            token = issuer.token(new ResourceRef(Kind.INTEGRATION, Scope.of(organization, canvas), name));
        } catch (IllegalArgumentException e) {
            throw new ApiException(409, "not_oidc", e.getMessage());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", token.token());
        body.put("expiresAt", token.expiresAt().toString());
        String payload = token.token().split("\\.")[1];
        try {
            body.put("claims", JSON.readValue(Base64.getUrlDecoder().decode(payload), Map.class));
        } catch (IOException e) {
            throw new IllegalStateException("Plugboard signed a token it cannot read", e);
        }
        return body;
    }
}
