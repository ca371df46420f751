package io.plugboard.oauth.internal.client;

import com.nimbusds.jwt.JWTClaimsSet;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.TokenRequest;
import no.nav.security.mock.oauth2.OAuth2Exception;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.plugboard.oauth.internal.client.TestSupport.authorize;
import static io.plugboard.oauth.internal.client.TestSupport.query;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

/** The whole authorization-code flow with PKCE against an in-process mock-oauth2-server. */
public class OAuthFlowTest {

    private static final String CLIENT_ID = "plugboard-client";
    private static final String REDIRECT = "http://localhost:8181/integration/mock/callback";
    private static final SecureRandom RANDOM = new SecureRandom();

    private static MockOAuth2Server mock;
    private static OAuthServer server;

    private final ClientCredentials credentials = new ClientCredentials(CLIENT_ID, "s3cret-" + RANDOM.nextInt(1 << 30));
    private final TokenClient tokens = new TokenClient();
    private final IdTokenValidator validator = new IdTokenValidator();

    private String state;
    private String nonce;
    private Pkce pkce;

    @BeforeClass
    public static void start() throws Exception {
        mock = new MockOAuth2Server();
        mock.start();
        server = new ServerCatalog().resolve(Map.of("issuerURL", mock.issuerUrl("default").toString()));
    }

    @AfterClass
    public static void stop() {
        mock.shutdown();
    }

    @Before
    public void newLogin() {
        state = Pkce.randomToken(RANDOM, 32);
        nonce = Pkce.randomToken(RANDOM, 32);
        pkce = Pkce.create(RANDOM);
    }

    /** Sends the browser to the mock's authorize endpoint and returns the code it redirects back with. */
    private String login() throws Exception {
        URI url = AuthorizationRequest.build(server, CLIENT_ID, REDIRECT, List.of("profile"), state, pkce, nonce,
                null);
        URI callback = authorize(url);
        assertEquals("localhost", callback.getHost());
        assertEquals("/integration/mock/callback", callback.getPath());
        Map<String, String> params = query(callback);
        assertEquals("the state comes back unchanged", state, params.get("state"));
        assertNotNull(params.get("code"));
        return params.get("code");
    }

    @Test
    public void codeExchangeIdTokenRefreshAndRevocation() throws Exception {
        String code = login();
        Instant before = Instant.now();
        TokenResponse response = tokens.exchangeCode(server, credentials, code, REDIRECT, pkce.verifier());
        assertEquals("Bearer", response.tokenType());
        assertNotNull(response.accessToken());
        assertNotNull(response.refreshToken());
        assertNotNull(response.idToken());
        assertTrue(response.expiresAt().isAfter(before.plusSeconds(3000)));

        JWTClaimsSet claims = validator.validate(response.idToken(), server, CLIENT_ID, nonce);
        assertEquals(nonce, claims.getStringClaim("nonce"));
        Map<String, String> subject = IdTokenValidator.subject(claims);
        assertNotNull(subject.get("sub"));
        assertEquals(subject.get("sub"), validator.userinfo(server, response.accessToken()).get("sub"));

        // the same id_token is no good for another login
        assertThrows(OAuthException.class, () -> validator.validate(response.idToken(), server, CLIENT_ID,
                Pkce.randomToken(RANDOM, 32)));
        assertThrows(OAuthException.class, () -> validator.validate(response.idToken(), server, "another-client",
                nonce));

        TokenResponse refreshed = tokens.refresh(server, credentials, response.refreshToken());
        assertNotEquals(response.accessToken(), refreshed.accessToken());
        assertEquals("Bearer", refreshed.tokenType());
        validator.validate(refreshed.idToken(), server, CLIENT_ID, null);

        tokens.revoke(server, credentials, response.refreshToken(), "refresh_token");
    }

    @Test
    public void aWrongVerifierIsInvalidGrant() throws Exception {
        String code = login();
        String otherVerifier = Pkce.create(RANDOM).verifier();
        OAuthErrorException e = assertThrows(OAuthErrorException.class,
                () -> tokens.exchangeCode(server, credentials, code, REDIRECT, otherVerifier));
        assertEquals("invalid_grant", e.error());
        assertTrue(e.isInvalidGrant());
        assertEquals(400, e.status());
        for (String secret : List.of(code, otherVerifier, pkce.verifier(), credentials.clientSecret())) {
            assertFalse(e.getMessage().contains(secret));
        }
    }

    /** A token callback that makes mock-oauth2-server refuse the grant, as a real server refuses a revoked token. */
    private static final class RefusingCallback implements OAuth2TokenCallback {
        @Override public String issuerId() { return "default"; }
        @Override public String subject(TokenRequest request) {
            throw new OAuth2Exception(OAuth2Error.INVALID_GRANT.setDescription("refresh token revoked"), "revoked");
        }
        @Override public String typeHeader(TokenRequest request) { return "JWT"; }
        @Override public List<String> audience(TokenRequest request) { return List.of(); }
        @Override public Map<String, Object> addClaims(TokenRequest request) { return Map.of(); }
        @Override public long tokenExpiry() { return 3600; }
    }

    @Test
    public void aRefusedRefreshIsInvalidGrant() throws Exception {
        // mock-oauth2-server accepts any refresh token; for one it does not know it uses the next queued callback
        mock.enqueueCallback(new RefusingCallback());
        OAuthErrorException e = assertThrows(OAuthErrorException.class,
                () -> tokens.refresh(server, credentials, "revoked-refresh-token"));
        assertTrue(e.isInvalidGrant());
        assertEquals(400, e.status());
        assertEquals("refresh token revoked", e.description());
    }

    @Test
    public void nothingLogsSecrets() throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        List<String> secrets = new ArrayList<>(List.of(state, nonce, pkce.verifier(), credentials.clientSecret()));
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            String code = login();
            secrets.add(code);
            TokenResponse response = tokens.exchangeCode(server, credentials, code, REDIRECT, pkce.verifier());
            secrets.addAll(List.of(response.accessToken(), response.refreshToken(), response.idToken()));
            validator.validate(response.idToken(), server, CLIENT_ID, nonce);
            TokenResponse refreshed = tokens.refresh(server, credentials, response.refreshToken());
            secrets.add(refreshed.accessToken());
            tokens.revoke(server, credentials, response.refreshToken(), "refresh_token");
            String second = login();
            secrets.add(second);
            String wrongVerifier = Pkce.create(RANDOM).verifier();
            secrets.add(wrongVerifier);
            assertThrows(OAuthErrorException.class,
                    () -> tokens.exchangeCode(server, credentials, second, REDIRECT, wrongVerifier));
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue("the capture works: our debug lines are there\n" + log, log.contains("Token endpoint localhost"));
        assertTrue(log, log.contains("Token revoked at localhost"));
        for (String secret : secrets) {
            assertFalse("a secret was logged", log.contains(secret));
        }
    }
}
