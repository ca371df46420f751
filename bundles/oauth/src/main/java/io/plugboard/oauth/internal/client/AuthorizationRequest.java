package io.plugboard.oauth.internal.client;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/** Builds the URL the browser is sent to (RFC 6749 section 4.1.1, RFC 7636, OpenID Connect Core 3.1.2.1). */
public final class AuthorizationRequest {

    /** Parameters this class sets; neither {@code extra} nor the endpoint's own query may carry them. */
    public static final Set<String> RESERVED = Set.of("response_type", "client_id", "redirect_uri", "scope", "state",
            "code_challenge", "code_challenge_method", "nonce");

    /** RFC 6749 section 3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ). */
    private static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");

    private AuthorizationRequest() {
    }

    /**
     * The authorization URL.
     *
     * @param server      where to send the browser; a query already on its authorization endpoint is kept
     * @param clientId    the client id
     * @param redirectUri the callback, exactly as registered (it is sent again with the code exchange)
     * @param scopes      requested scopes; each entry may hold several space-separated scopes; may be null
     * @param state       the opaque, unguessable state (see {@link Pkce#randomToken})
     * @param pkce        the PKCE pair; the challenge is sent, the verifier kept for {@link TokenClient#exchangeCode}
     * @param nonceOrNull the OpenID Connect nonce (send one whenever {@link #expectsIdToken} is true), or null
     * @param extra       further parameters (e.g. Google's {@code access_type=offline}, {@code prompt=consent}); may be null
     * @return {@code <endpoint>?response_type=code&client_id=...&redirect_uri=...&scope=...&state=...&code_challenge=...
     *         &code_challenge_method=S256[&nonce=...][&extra...]}
     * @throws IllegalArgumentException for a missing value, an invalid scope, or a reserved parameter in {@code extra}
     */
    public static URI build(OAuthServer server, String clientId, String redirectUri, List<String> scopes, String state,
                            Pkce pkce, String nonceOrNull, Map<String, String> extra) {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(pkce, "pkce");
        requireValue(clientId, "client id");
        requireValue(redirectUri, "redirect URI");
        requireValue(state, "state");
        if (nonceOrNull != null && nonceOrNull.isEmpty()) {
            throw new IllegalArgumentException("nonce is empty");
        }
        URI endpoint = EndpointClient.parse(server.authorizationEndpoint(), "authorization endpoint");
        if (endpoint.getRawFragment() != null) {
            throw new IllegalArgumentException("the authorization endpoint must not contain a fragment");
        }
        String existing = endpoint.getRawQuery();
        if (existing != null) {
            for (String pair : existing.split("&")) {
                String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
                if (RESERVED.contains(name)) {
                    throw new IllegalArgumentException("the authorization endpoint already carries '" + name + "'");
                }
            }
        }

        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("client_id", clientId);
        params.put("redirect_uri", redirectUri);
        List<String> effective = effectiveScopes(server, scopes);
        if (!effective.isEmpty()) {
            params.put("scope", String.join(" ", effective));
        }
        params.put("state", state);
        params.put("code_challenge", pkce.challenge());
        params.put("code_challenge_method", pkce.method());
        if (nonceOrNull != null) {
            params.put("nonce", nonceOrNull);
        }
        if (extra != null) {
            for (Map.Entry<String, String> e : extra.entrySet()) {
                requireValue(e.getKey(), "extra parameter name");
                if (RESERVED.contains(e.getKey())) {
                    throw new IllegalArgumentException("extra parameter '" + e.getKey() + "' is set by the client itself");
                }
                if (e.getValue() != null) {
                    params.put(e.getKey(), e.getValue());
                }
            }
        }

        StringBuilder query = new StringBuilder(existing == null ? "" : existing);
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (query.length() > 0) {
                query.append('&');
            }
            query.append(EndpointClient.queryEncode(e.getKey())).append('=').append(EndpointClient.queryEncode(e.getValue()));
        }
        String base = server.authorizationEndpoint().trim();
        int q = base.indexOf('?');
        if (q >= 0) {
            base = base.substring(0, q);
        }
        return URI.create(base + "?" + query);
    }

    /**
     * The scopes actually requested: the server's default scopes first, then the given ones, split on whitespace,
     * de-duplicated, order kept.
     *
     * @throws IllegalArgumentException for a character RFC 6749 does not allow in a scope
     */
    public static List<String> effectiveScopes(OAuthServer server, List<String> scopes) {
        Set<String> out = new LinkedHashSet<>();
        List<String> all = new ArrayList<>(server.defaultScopes());
        if (scopes != null) {
            all.addAll(scopes);
        }
        for (String entry : all) {
            if (entry == null) {
                continue;
            }
            for (String token : entry.trim().split("\\s+")) {
                if (token.isEmpty()) {
                    continue;
                }
                if (!SCOPE_TOKEN.matcher(token).matches()) {
                    throw new IllegalArgumentException("invalid scope '" + token + "'");
                }
                out.add(token);
            }
        }
        return List.copyOf(out);
    }

    /**
     * {@code true} when the answer will carry an id_token to validate (send a nonce then): the server is an
     * OpenID Connect provider, or {@code openid} is among the requested scopes.
     */
    public static boolean expectsIdToken(OAuthServer server, List<String> scopes) {
        return server.oidc() || effectiveScopes(server, scopes).contains("openid");
    }

    private static void requireValue(String value, String what) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(what + " is missing");
        }
    }
}
