package io.plugboard.api.provider;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An OAuth 2.0 / OpenID Connect authorization server a provider knows, under a short name that connection types name
 * as {@code server: <shortName>} (see {@link Provider#oauthServers()}). The OAuth bundle turns it into endpoints; a
 * client's configuration ({@code etc/io.plugboard.oauth-<provider>.cfg}) may override each URL.
 *
 * @param shortName                 how connection types name it: lower-case letters and digits, e.g. {@code github}
 * @param urls                      {@link #KEYS} → absolute URL; {@code authCodeURL} and {@code tokenURL} unless
 *                                  {@code discovery}
 * @param discovery                 whether the endpoints come from OpenID Connect discovery of {@code issuerURL}
 * @param revocation                how a connection's tokens are revoked when it is deleted
 * @param extraAuthorizeParameters  added to every authorization request (Google: {@code access_type=offline})
 * @param tokenAuthMethod           how the client authenticates at the token endpoint
 * @since 2.1.0
 */
public record OAuthServerSpec(String shortName, Map<String, String> urls, boolean discovery, Revocation revocation,
                              Map<String, String> extraAuthorizeParameters, TokenAuthMethod tokenAuthMethod) {

    public static final String AUTH_CODE_URL = "authCodeURL";
    public static final String TOKEN_URL = "tokenURL";
    public static final String REVOCATION_URL = "revocationURL";
    public static final String USERINFO_URL = "userinfoURL";
    public static final String ISSUER_URL = "issuerURL";
    public static final String JWKS_URL = "jwksURL";
    /** The URL keys, as in a connection type's {@code server} map. */
    public static final List<String> KEYS = List.of(AUTH_CODE_URL, TOKEN_URL, REVOCATION_URL, USERINFO_URL,
            ISSUER_URL, JWKS_URL);

    /** How tokens are revoked. */
    public enum Revocation {
        /** RFC 7009 at {@code revocationURL} (refresh token first); nothing when the server names no endpoint. */
        RFC7009,
        /**
         * GitHub's OAuth app API: {@code DELETE <api>/applications/{client_id}/token} with the client's credentials,
         * where {@code <api>} is the provider's {@link Provider#api API base} for the connection's server.
         */
        APPLICATION_TOKEN_API,
        /** The server revokes nothing; tokens expire on their own. */
        NONE
    }

    /** Client authentication at the token endpoint (RFC 6749 2.3.1). */
    public enum TokenAuthMethod {
        CLIENT_SECRET_BASIC,
        CLIENT_SECRET_POST
    }

    public OAuthServerSpec {
        Objects.requireNonNull(shortName, "shortName");
        if (!Provider.isValidId(shortName)) {
            throw new IllegalArgumentException("OAuth server short name '" + shortName + "' must match [a-z0-9]+");
        }
        Map<String, String> copy = new LinkedHashMap<>();
        (urls == null ? Map.<String, String>of() : urls).forEach((k, v) -> {
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException("OAuth server '" + shortName + "': unknown key '" + k + "'; known: " + KEYS);
            }
            if (v != null && !v.isBlank()) {
                copy.put(k, v.trim());
            }
        });
        if (discovery && !copy.containsKey(ISSUER_URL)) {
            throw new IllegalArgumentException("OAuth server '" + shortName + "' is found by discovery but names no issuerURL");
        }
        if (!discovery && !(copy.containsKey(AUTH_CODE_URL) && copy.containsKey(TOKEN_URL))) {
            throw new IllegalArgumentException("OAuth server '" + shortName + "' needs authCodeURL and tokenURL");
        }
        urls = Collections.unmodifiableMap(copy);
        revocation = revocation == null ? Revocation.RFC7009 : revocation;
        extraAuthorizeParameters = extraAuthorizeParameters == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(extraAuthorizeParameters));
        tokenAuthMethod = tokenAuthMethod == null ? TokenAuthMethod.CLIENT_SECRET_BASIC : tokenAuthMethod;
    }

    /** A plain OAuth 2.0 server: RFC 7009 revocation where it has an endpoint, client_secret_basic. */
    public static OAuthServerSpec oauth2(String shortName, String authCodeUrl, String tokenUrl) {
        return new OAuthServerSpec(shortName, Map.of(AUTH_CODE_URL, authCodeUrl, TOKEN_URL, tokenUrl), false, null, null, null);
    }

    /** An OpenID Connect provider whose endpoints come from discovery of {@code issuer}. */
    public static OAuthServerSpec openIdConnect(String shortName, String issuer) {
        return new OAuthServerSpec(shortName, Map.of(ISSUER_URL, issuer), true, null, null, null);
    }

    /** This server with one more URL ({@link #KEYS}). */
    public OAuthServerSpec withUrl(String key, String url) {
        Map<String, String> more = new LinkedHashMap<>(urls);
        more.put(key, url);
        return new OAuthServerSpec(shortName, more, discovery, revocation, extraAuthorizeParameters, tokenAuthMethod);
    }

    public OAuthServerSpec withRevocation(Revocation style) {
        return new OAuthServerSpec(shortName, urls, discovery, style, extraAuthorizeParameters, tokenAuthMethod);
    }

    public OAuthServerSpec withAuthorizeParameters(Map<String, String> parameters) {
        return new OAuthServerSpec(shortName, urls, discovery, revocation, parameters, tokenAuthMethod);
    }

    public OAuthServerSpec withTokenAuthMethod(TokenAuthMethod method) {
        return new OAuthServerSpec(shortName, urls, discovery, revocation, extraAuthorizeParameters, method);
    }
}
