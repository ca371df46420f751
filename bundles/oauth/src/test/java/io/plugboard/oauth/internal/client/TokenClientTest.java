package io.plugboard.oauth.internal.client;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

/** The token client's wire format and error handling, against a JDK HttpServer playing various providers. */
public class TokenClientTest {

    private static final String CODE = "code-SplxlOBeZQQYbYS6WxSbIA";
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private static final String SECRET = "s3cr:t/+ü";
    private static final String REDIRECT = "https://plugboard.example/integration/github/callback";

    private StubServer stub;
    private MutableClock clock;
    private TokenClient client;
    private OAuthServer server;

    @Before
    public void setUp() throws Exception {
        stub = new StubServer();
        clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
        client = new TokenClient(HttpClient.newHttpClient(), clock);
        server = new OAuthServer(null, stub.url("/authorize"), stub.url("/token"), stub.url("/revoke"), null, null,
                false, false, List.of());
    }

    @After
    public void tearDown() {
        stub.close();
    }

    private void answer(int status, String json) {
        stub.handler = r -> StubServer.Reply.json(status, json);
    }

    private TokenResponse exchange(ClientCredentials credentials) throws OAuthException {
        return client.exchangeCode(server, credentials, CODE, REDIRECT, VERIFIER);
    }

    private static void assertNoSecrets(String message) {
        for (String secret : List.of(CODE, VERIFIER, SECRET, "at-123", "rt-456")) {
            assertFalse("message leaks a secret: " + message, message.contains(secret));
        }
    }

    @Test
    public void codeExchangeSendsAFormWithBasicAuthentication() throws Exception {
        answer(200, "{\"access_token\":\"at-123\",\"token_type\":\"Bearer\",\"expires_in\":3600,"
                + "\"refresh_token\":\"rt-456\",\"scope\":\"openid email\",\"id_token\":\"x.y.z\"}");
        TokenResponse response = exchange(new ClientCredentials("my client", SECRET));

        StubServer.Recorded request = stub.last();
        assertEquals("POST", request.method());
        assertEquals("/token", request.uri().getPath());
        assertEquals("application/x-www-form-urlencoded", request.header("Content-Type"));
        assertEquals("application/json", request.header("Accept"));
        // RFC 6749 2.3.1: form-encode id and secret, then join with ':' and base64
        String expected = "my+client:s3cr%3At%2F%2B%C3%BC";
        assertEquals("Basic " + Base64.getEncoder().encodeToString(expected.getBytes(StandardCharsets.UTF_8)),
                request.header("Authorization"));
        assertEquals(Map.of("grant_type", "authorization_code", "code", CODE, "redirect_uri", REDIRECT,
                "code_verifier", VERIFIER), request.form());

        assertEquals("at-123", response.accessToken());
        assertEquals("Bearer", response.tokenType());
        assertEquals("rt-456", response.refreshToken());
        assertEquals(Instant.parse("2030-01-01T01:00:00Z"), response.expiresAt());
        assertEquals(List.of("openid", "email"), response.scopes());
        assertEquals("x.y.z", response.idToken());
        assertEquals(3600, ((Number) response.raw().get("expires_in")).intValue());
        assertFalse(response.toString().contains("at-123"));
        assertFalse(response.toString().contains("rt-456"));
    }

    @Test
    public void clientSecretPostAndPublicClients() throws Exception {
        answer(200, "{\"access_token\":\"at-123\",\"token_type\":\"bearer\"}");
        exchange(new ClientCredentials("cid", SECRET, ClientCredentials.AuthMethod.CLIENT_SECRET_POST));
        assertNull(stub.last().header("Authorization"));
        assertEquals("cid", stub.last().form().get("client_id"));
        assertEquals(SECRET, stub.last().form().get("client_secret"));

        ClientCredentials publicClient = new ClientCredentials("cid", null);
        assertEquals(ClientCredentials.AuthMethod.NONE, publicClient.authMethod());
        exchange(publicClient);
        assertNull(stub.last().header("Authorization"));
        assertEquals("cid", stub.last().form().get("client_id"));
        assertFalse(stub.last().form().containsKey("client_secret"));

        assertFalse(new ClientCredentials("cid", SECRET).toString().contains(SECRET));
    }

    @Test
    public void gitHubFormEncodedAnswersAreAccepted() throws Exception {
        stub.handler = r -> StubServer.Reply.of(200, "application/x-www-form-urlencoded; charset=utf-8",
                "access_token=gho_16C7e42F292c6912E7710c838347Ae178B4a&scope=repo%2Cgist&token_type=bearer");
        TokenResponse response = exchange(new ClientCredentials("cid", SECRET));
        assertEquals("gho_16C7e42F292c6912E7710c838347Ae178B4a", response.accessToken());
        assertEquals("bearer", response.tokenType());
        assertEquals(List.of("repo", "gist"), response.scopes());
        assertNull(response.expiresAt());
        assertNull(response.refreshToken());
        assertNull(response.idToken());
    }

    @Test
    public void oauthErrorsAreRecognisedWhateverTheStatus() {
        answer(400, "{\"error\":\"invalid_grant\",\"error_description\":\"code expired\"}");
        OAuthErrorException e = assertThrows(OAuthErrorException.class,
                () -> exchange(new ClientCredentials("cid", SECRET)));
        assertEquals("invalid_grant", e.error());
        assertEquals("code expired", e.description());
        assertEquals(400, e.status());
        assertTrue(e.isInvalidGrant());

        // GitHub answers errors with 200
        answer(200, "{\"error\":\"bad_verification_code\",\"error_description\":\"The code passed is incorrect or"
                + " expired.\",\"error_uri\":\"https://docs.github.com/\"}");
        e = assertThrows(OAuthErrorException.class, () -> exchange(new ClientCredentials("cid", SECRET)));
        assertEquals("bad_verification_code", e.error());
        assertEquals(200, e.status());
        assertFalse(e.isInvalidGrant());

        // Slack: {"ok": false, "error": ...}
        answer(200, "{\"ok\":false,\"error\":\"invalid_code\"}");
        e = assertThrows(OAuthErrorException.class, () -> exchange(new ClientCredentials("cid", SECRET)));
        assertEquals("invalid_code", e.error());
    }

    @Test
    public void errorDescriptionsAreScrubbedOfWhatWasSent() {
        answer(400, "{\"error\":\"invalid_grant\",\"error_description\":\"code " + CODE + " does not match verifier "
                + VERIFIER + " for client secret " + SECRET + "\\nsecond line\"}");
        OAuthErrorException e = assertThrows(OAuthErrorException.class,
                () -> exchange(new ClientCredentials("cid", SECRET)));
        assertNoSecrets(e.getMessage());
        assertNoSecrets(e.description());
        assertTrue(e.description(), e.description().contains("[redacted]"));
        assertFalse(e.description().contains("\n"));
    }

    @Test
    public void onlyBearerTokensAreAccepted() throws Exception {
        answer(200, "{\"access_token\":\"at-123\"}");
        OAuthException e = assertThrows(OAuthException.class, () -> exchange(new ClientCredentials("cid", SECRET)));
        assertTrue(e.getMessage(), e.getMessage().contains("no token_type"));

        answer(200, "{\"access_token\":\"at-123\",\"token_type\":\"mac\"}");
        e = assertThrows(OAuthException.class, () -> exchange(new ClientCredentials("cid", SECRET)));
        assertTrue(e.getMessage(), e.getMessage().startsWith("token type 'mac' is not Bearer"));
        assertFalse(e instanceof OAuthErrorException);

        answer(200, "{\"access_token\":\"at-123\",\"token_type\":\"BEARER\"}");
        assertEquals("at-123", exchange(new ClientCredentials("cid", SECRET)).accessToken());

        // Slack's oauth.v2.access names its bearer tokens "bot" / "user", inside {"ok": true}
        answer(200, "{\"ok\":true,\"access_token\":\"xoxb-1\",\"token_type\":\"bot\",\"scope\":\"chat:write,channels:read\"}");
        TokenResponse slack = exchange(new ClientCredentials("cid", SECRET));
        assertEquals("bot", slack.tokenType());
        assertEquals(List.of("chat:write", "channels:read"), slack.scopes());
        answer(200, "{\"access_token\":\"xoxb-1\",\"token_type\":\"bot\"}");
        assertThrows(OAuthException.class, () -> exchange(new ClientCredentials("cid", SECRET)));
    }

    @Test
    public void missingAccessTokenAndNonTokenAnswersAreErrors() {
        answer(200, "{\"token_type\":\"Bearer\",\"refresh_token\":\"rt-456\"}");
        OAuthException e = assertThrows(OAuthException.class, () -> exchange(new ClientCredentials("cid", SECRET)));
        assertEquals("token response has no access_token", e.getMessage());

        stub.handler = r -> StubServer.Reply.of(502, "text/html", "<html>bad gateway at-123 rt-456</html>");
        e = assertThrows(OAuthException.class, () -> exchange(new ClientCredentials("cid", SECRET)));
        assertTrue(e.getMessage(), e.getMessage().contains("HTTP 502"));
        assertFalse(e.getMessage().contains("bad gateway"));
        assertNoSecrets(e.getMessage());

        // a JSON answer that is not an error, with a failure status
        answer(500, "{\"message\":\"internal\"}");
        e = assertThrows(OAuthException.class, () -> exchange(new ClientCredentials("cid", SECRET)));
        assertEquals("token endpoint answered HTTP 500", e.getMessage());

        // a form body mislabelled as JSON: the parser's message (which would quote it) must not surface
        stub.handler = r -> StubServer.Reply.of(200, "application/json", "{access_token=at-123&token_type=bearer");
        e = assertThrows(OAuthException.class, () -> exchange(new ClientCredentials("cid", SECRET)));
        assertNoSecrets(e.getMessage());
    }

    @Test
    public void redirectsAreNotFollowed() {
        stub.handler = r -> new StubServer.Reply(302, Map.of("Location", stub.url("/elsewhere")), "");
        OAuthException e = assertThrows(OAuthException.class, () -> exchange(new ClientCredentials("cid", SECRET)));
        assertTrue(e.getMessage(), e.getMessage().contains("HTTP 302"));
        assertEquals(1, stub.requests.size());
    }

    @Test
    public void refreshSendsTheRefreshToken() throws Exception {
        answer(200, "{\"access_token\":\"at-789\",\"token_type\":\"Bearer\",\"expires_in\":\"60\"}");
        TokenResponse response = client.refresh(server, new ClientCredentials("cid", SECRET), "rt-456");
        assertEquals(Map.of("grant_type", "refresh_token", "refresh_token", "rt-456"), stub.last().form());
        assertEquals("at-789", response.accessToken());
        assertNull("no rotation: keep the old refresh token", response.refreshToken());
        assertEquals(Instant.parse("2030-01-01T00:01:00Z"), response.expiresAt());

        answer(400, "{\"error\":\"invalid_grant\",\"error_description\":\"Token rt-456 has been revoked\"}");
        OAuthErrorException e = assertThrows(OAuthErrorException.class,
                () -> client.refresh(server, new ClientCredentials("cid", SECRET), "rt-456"));
        assertTrue(e.isInvalidGrant());
        assertNoSecrets(e.getMessage());
    }

    @Test
    public void revokePostsTheTokenAndItsHint() throws Exception {
        stub.handler = r -> new StubServer.Reply(200, Map.of(), "");
        client.revoke(server, new ClientCredentials("cid", SECRET), "rt-456", "refresh_token");
        StubServer.Recorded request = stub.last();
        assertEquals("/revoke", request.uri().getPath());
        assertEquals(Map.of("token", "rt-456", "token_type_hint", "refresh_token"), request.form());
        assertTrue(request.header("Authorization").startsWith("Basic "));

        client.revoke(server, new ClientCredentials("cid", SECRET), "at-123", null);
        assertEquals(Map.of("token", "at-123"), stub.last().form());
    }

    @Test
    public void gitHubTokensAreDeletedThroughGitHubsApi() throws Exception {
        stub.handler = r -> new StubServer.Reply(204, Map.of(), "");
        client.revokeApplicationToken(stub.url(""), new ClientCredentials("Iv1.abc", SECRET), "gho_token\"1");
        StubServer.Recorded request = stub.last();
        assertEquals("DELETE", request.method());
        assertEquals("/applications/Iv1.abc/token", request.uri().getPath());
        assertEquals("{\"access_token\":\"gho_token\\\"1\"}", request.body());
        assertEquals(TokenClient.basic(new ClientCredentials("Iv1.abc", SECRET)), request.header("Authorization"));
        assertEquals("application/vnd.github+json", request.header("Accept"));

        stub.handler = r -> StubServer.Reply.json(404, "{\"message\":\"Not Found\"}");
        OAuthException e = assertThrows(OAuthException.class,
                () -> client.revokeApplicationToken(stub.url(""), new ClientCredentials("Iv1.abc", SECRET), "gho_token"));
        assertTrue(e.getMessage(), e.getMessage().contains("404") && !e.getMessage().contains("gho_token"));
    }

    @Test
    public void revokeFailures() {
        stub.handler = r -> StubServer.Reply.json(503, "{}");
        OAuthException e = assertThrows(OAuthException.class,
                () -> client.revoke(server, new ClientCredentials("cid", SECRET), "rt-456", "refresh_token"));
        assertEquals("revocation endpoint answered HTTP 503", e.getMessage());

        answer(400, "{\"error\":\"unsupported_token_type\"}");
        OAuthErrorException oe = assertThrows(OAuthErrorException.class,
                () -> client.revoke(server, new ClientCredentials("cid", SECRET), "rt-456", "refresh_token"));
        assertEquals("unsupported_token_type", oe.error());

        answer(200, "{\"ok\":false,\"error\":\"invalid_auth\"}");
        oe = assertThrows(OAuthErrorException.class,
                () -> client.revoke(server, new ClientCredentials("cid", SECRET), "xoxb-1", null));
        assertEquals("invalid_auth", oe.error());

        OAuthServer github = new OAuthServer(null, "https://github.com/login/oauth/authorize",
                "https://github.com/login/oauth/access_token", null, null, null, false, false, List.of());
        e = assertThrows(OAuthException.class,
                () -> client.revoke(github, new ClientCredentials("cid", SECRET), "gho_x", "access_token"));
        assertTrue(e.getMessage(), e.getMessage().contains("no token revocation endpoint"));
    }

    @Test
    public void secretsAreNeverSentToPlainHttpOrEchoedOnIoErrors() throws Exception {
        OAuthServer plain = new OAuthServer(null, "http://auth.example/authorize", "http://auth.example/token",
                null, null, null, false, false, List.of());
        OAuthException e = assertThrows(OAuthException.class,
                () -> client.exchangeCode(plain, new ClientCredentials("cid", SECRET), CODE, REDIRECT, VERIFIER));
        assertTrue(e.getMessage(), e.getMessage().contains("https"));

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        OAuthServer down = new OAuthServer(null, "http://127.0.0.1:" + closedPort + "/authorize",
                "http://127.0.0.1:" + closedPort + "/token", null, null, null, false, false, List.of());
        e = assertThrows(OAuthException.class,
                () -> client.exchangeCode(down, new ClientCredentials("cid", SECRET), CODE, REDIRECT, VERIFIER));
        assertTrue(e.getMessage(), e.getMessage().startsWith("token endpoint could not be reached"));
        assertNoSecrets(e.getMessage());
    }
}
