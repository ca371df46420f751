package io.plugboard.oauth.internal.client;

import java.util.List;
import java.util.Objects;

/**
 * The endpoints of one OAuth 2.0 authorization server, as resolved by {@link ServerCatalog}.
 *
 * @param issuer                the issuer identifier (OpenID Connect / RFC 8414), null when unknown; for Microsoft's
 *                              multi-tenant endpoints it is the template {@code https://login.microsoftonline.com/{tenantid}/v2.0}
 *                              and {@link IdTokenValidator} substitutes the token's {@code tid}
 * @param authorizationEndpoint where the browser is sent (may carry a query of its own)
 * @param tokenEndpoint         where codes are exchanged and tokens refreshed
 * @param revocationEndpoint    RFC 7009 endpoint, null when the server has none
 * @param userinfoEndpoint      OpenID Connect userinfo, null when unknown
 * @param jwksUri               the server's signing keys, null when unknown (then id_tokens cannot be validated)
 * @param oidc                  an OpenID Connect provider: ask for {@code openid}, send a nonce, validate the id_token
 * @param issParameterSupported the server sends {@code iss} in the authorization response (RFC 9207); the callback
 *                              should then require it and compare it with {@link #issuer()}
 * @param defaultScopes         scopes always requested first (e.g. {@code openid}, {@code offline_access})
 */
public record OAuthServer(String issuer, String authorizationEndpoint, String tokenEndpoint,
                          String revocationEndpoint, String userinfoEndpoint, String jwksUri,
                          boolean oidc, boolean issParameterSupported, List<String> defaultScopes) {

    public OAuthServer {
        Objects.requireNonNull(authorizationEndpoint, "authorizationEndpoint");
        Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
        defaultScopes = defaultScopes == null ? List.of() : List.copyOf(defaultScopes);
    }

    /** {@code true} when {@link #issuer()} is a Microsoft multi-tenant template ({@code {tenantid}}). */
    public boolean hasTenantTemplate() {
        return issuer != null && issuer.contains(ServerCatalog.TENANT_PLACEHOLDER);
    }
}
