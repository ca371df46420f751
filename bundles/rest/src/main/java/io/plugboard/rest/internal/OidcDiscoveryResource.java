package io.plugboard.rest.internal;

import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.CacheControl;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import io.plugboard.api.oidc.OidcIssuer;

/**
 * Published at {@code <issuer path>/.well-known}, without authentication: the discovery document and the JWKS of
 * Plugboard's OpenID Connect issuer, which verifiers (AWS STS, any JOSE library) fetch. Cached by them for at most five
 * minutes, well inside the signing key publish delay.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class OidcDiscoveryResource {

    static final int MAX_AGE_SECONDS = 300;

    private final OidcIssuer issuer;

    public OidcDiscoveryResource(OidcIssuer issuer) {
        this.issuer = issuer;
    }

    @GET
    @Path("openid-configuration")
    public Response discovery() {
        return cached(issuer.discovery());
    }

    @GET
    @Path("jwks.json")
    public Response jwks() {
        return cached(issuer.jwks());
    }

    private static Response cached(Map<String, Object> body) {
        CacheControl cache = new CacheControl();
        cache.setMaxAge(MAX_AGE_SECONDS);
        return Response.ok(body).cacheControl(cache).build();
    }
}
