package io.plugboard.oauth.internal.client;

import org.junit.Test;

import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.plugboard.oauth.internal.client.TestSupport.query;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

public class AuthorizationRequestTest {

    private static final Pkce PKCE = Pkce.fromVerifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
    private static final OAuthServer PLAIN = new OAuthServer(null, "https://github.com/login/oauth/authorize",
            "https://github.com/login/oauth/access_token", null, null, null, false, false, List.of());
    private static final OAuthServer OIDC = new OAuthServer("https://issuer.example",
            "https://issuer.example/authorize", "https://issuer.example/token", null, null,
            "https://issuer.example/jwks", true, false, List.of("openid", "offline_access"));

    @Test
    public void carriesEveryParameter() {
        URI uri = AuthorizationRequest.build(OIDC, "client-1", "https://plugboard.example/integration/x/callback",
                List.of("email", "profile"), "state-1", PKCE, "nonce-1", null);
        assertEquals("https", uri.getScheme());
        assertEquals("issuer.example", uri.getHost());
        assertEquals("/authorize", uri.getPath());
        Map<String, String> q = query(uri);
        assertEquals(List.of("response_type", "client_id", "redirect_uri", "scope", "state", "code_challenge",
                "code_challenge_method", "nonce"), List.copyOf(q.keySet()));
        assertEquals("code", q.get("response_type"));
        assertEquals("client-1", q.get("client_id"));
        assertEquals("https://plugboard.example/integration/x/callback", q.get("redirect_uri"));
        assertEquals("openid offline_access email profile", q.get("scope"));
        assertEquals("state-1", q.get("state"));
        assertEquals("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", q.get("code_challenge"));
        assertEquals("S256", q.get("code_challenge_method"));
        assertEquals("nonce-1", q.get("nonce"));
        assertFalse("the verifier never goes to the browser", uri.toString().contains(PKCE.verifier()));
    }

    @Test
    public void encodesValuesProperly() {
        URI uri = AuthorizationRequest.build(PLAIN, "id with space&x=1", "http://localhost:8181/cb?a=1&b=ü",
                List.of("repo"), "s+t/a=te", PKCE, null, Map.of("login", "Zoë Müller"));
        String raw = uri.getRawQuery();
        assertTrue(raw, raw.contains("client_id=id%20with%20space%26x%3D1"));
        assertTrue(raw, raw.contains("redirect_uri=http%3A%2F%2Flocalhost%3A8181%2Fcb%3Fa%3D1%26b%3D%C3%BC"));
        assertTrue(raw, raw.contains("state=s%2Bt%2Fa%3Dte"));
        assertTrue(raw, raw.contains("login=Zo%C3%AB%20M%C3%BCller"));
        Map<String, String> q = query(uri);
        assertEquals("id with space&x=1", q.get("client_id"));
        assertEquals("s+t/a=te", q.get("state"));
        assertFalse("no nonce unless given", q.containsKey("nonce"));
    }

    @Test
    public void scopesAreDefaultsFirstSplitAndDeduplicated() {
        assertEquals(List.of("openid", "offline_access", "email", "profile"),
                AuthorizationRequest.effectiveScopes(OIDC, Arrays.asList("email profile", "openid", null, " email ")));
        assertEquals(List.of(), AuthorizationRequest.effectiveScopes(PLAIN, null));
        URI noScope = AuthorizationRequest.build(PLAIN, "c", "https://x/cb", List.of(), "s", PKCE, null, null);
        assertFalse(query(noScope).containsKey("scope"));
        assertThrows(IllegalArgumentException.class,
                () -> AuthorizationRequest.effectiveScopes(PLAIN, List.of("repo\"quoted")));
    }

    @Test
    public void expectsIdTokenForOidcServersOrTheOpenidScope() {
        assertTrue(AuthorizationRequest.expectsIdToken(OIDC, List.of()));
        assertFalse(AuthorizationRequest.expectsIdToken(PLAIN, List.of("repo")));
        assertTrue(AuthorizationRequest.expectsIdToken(PLAIN, List.of("openid read_user")));
    }

    @Test
    public void keepsTheEndpointsOwnQueryAndAddsExtras() {
        OAuthServer withQuery = new OAuthServer(null, "https://auth.example/authorize?tenant=acme&x=%20y",
                "https://auth.example/token", null, null, null, false, false, List.of());
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("access_type", "offline");
        extra.put("prompt", "consent");
        URI uri = AuthorizationRequest.build(withQuery, "c", "https://x/cb", List.of("a"), "s", PKCE, null, extra);
        assertTrue(uri.getRawQuery(), uri.getRawQuery().startsWith("tenant=acme&x=%20y&response_type=code&"));
        assertTrue(uri.getRawQuery(), uri.getRawQuery().endsWith("&access_type=offline&prompt=consent"));
        assertEquals("/authorize", uri.getPath());
    }

    @Test
    public void refusesOverridingReservedParameters() {
        assertThrows(IllegalArgumentException.class, () -> AuthorizationRequest.build(PLAIN, "c", "https://x/cb",
                List.of(), "s", PKCE, null, Map.of("state", "other")));
        assertThrows(IllegalArgumentException.class, () -> AuthorizationRequest.build(PLAIN, "c", "https://x/cb",
                List.of(), "s", PKCE, null, Map.of("redirect_uri", "https://evil.example/")));
        OAuthServer sneaky = new OAuthServer(null, "https://auth.example/authorize?client_id=other",
                "https://auth.example/token", null, null, null, false, false, List.of());
        assertThrows(IllegalArgumentException.class, () -> AuthorizationRequest.build(sneaky, "c", "https://x/cb",
                List.of(), "s", PKCE, null, null));
    }

    @Test
    public void refusesMissingValuesAndFragments() {
        assertThrows(IllegalArgumentException.class, () -> AuthorizationRequest.build(PLAIN, "c", "https://x/cb",
                List.of(), "", PKCE, null, null));
        assertThrows(IllegalArgumentException.class, () -> AuthorizationRequest.build(PLAIN, null, "https://x/cb",
                List.of(), "s", PKCE, null, null));
        assertThrows(NullPointerException.class, () -> AuthorizationRequest.build(PLAIN, "c", "https://x/cb",
                List.of(), "s", null, null, null));
        OAuthServer fragment = new OAuthServer(null, "https://auth.example/authorize#f", "https://auth.example/token",
                null, null, null, false, false, List.of());
        assertThrows(IllegalArgumentException.class, () -> AuthorizationRequest.build(fragment, "c", "https://x/cb",
                List.of(), "s", PKCE, null, null));
    }
}
