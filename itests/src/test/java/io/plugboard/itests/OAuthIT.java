package io.plugboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plugboard.api.connection.AccessTokens;
import io.plugboard.api.connection.ConnectionService;
import io.plugboard.api.outbound.ApiEndpoint;
import io.plugboard.api.provider.AuthMode;
import io.plugboard.api.provider.EventType;
import io.plugboard.api.provider.OAuthServerSpec;
import io.plugboard.api.provider.Provider;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

/**
 * OAuth2 / OpenID Connect connections through the real endpoints, against a real OAuth server (mock-oauth2-server,
 * started by the build on 127.0.0.1:18581). A browser is imitated by an HTTP client that keeps cookies and follows
 * each redirect by hand, so every hop is checked.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OAuthIT extends PlugboardTestSupport {

    private static final String ISSUER = "http://127.0.0.1:18581/default";
    private static final String WIREMOCK = "http://127.0.0.1:18481";
    private static final String JSON_TYPE = "application/json";
    private static final Duration WITHIN = Duration.ofSeconds(10);

    private ServiceRegistration<Provider> stub;
    private String token;

    @Override
    protected Option[] extraOptions() {
        return new Option[] {
            editConfigurationFilePut("etc/io.plugboard.core.cfg", "publicUrl", BASE),
            editConfigurationFilePut("etc/io.plugboard.oauth.settings.cfg", "environment", "main"),
            editConfigurationFilePut("etc/io.plugboard.oauth.settings.cfg", "environments", "staging=https://staging.example.com"),
            editConfigurationFilePut("etc/io.plugboard.oauth-stub.cfg", "provider", "stub"),
            editConfigurationFilePut("etc/io.plugboard.oauth-stub.cfg", "clientId", "plugboard-it"),
            // the client secret is a Plugboard Secret (stored encrypted), created by registerStubProvider()
            editConfigurationFilePut("etc/io.plugboard.oauth-stub.cfg", "clientSecretRef", "oauth-client/secret"),
            editConfigurationFilePut("etc/io.plugboard.oauth-stubenterprise.cfg", "provider", "stub"),
            editConfigurationFilePut("etc/io.plugboard.oauth-stubenterprise.cfg", "baseUrl", "http://127.0.0.1:18581"),
            editConfigurationFilePut("etc/io.plugboard.oauth-stubenterprise.cfg", "clientId", "plugboard-enterprise"),
            editConfigurationFilePut("etc/io.plugboard.oauth-stubenterprise.cfg", "clientSecret", "it-client-secret"),
        };
    }

    @Before
    public void registerStubProvider() throws Exception {
        token = adminToken();
        HttpResponse<String> secret = send("POST", "/api/v1/apply", token, "application/yaml",
                "kind: Secret\nmetadata: {name: oauth-client}\nspec: {data: {secret: it-client-secret}}\n");
        assertTrue(secret.body(), secret.statusCode() == 200 || secret.statusCode() == 201);
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(Provider.PROVIDER_PROPERTY, "stub");
        stub = bundleContext.registerService(Provider.class, new Provider() {
            public String id() { return "stub"; }
            public String name() { return "Stub"; }
            public Set<AuthMode> authModes() { return Set.of(AuthMode.OAUTH2); }
            public List<EventType> eventTypes() { return List.of(); }
            public ApiEndpoint api(String integrationUrl) {
                return new ApiEndpoint(URI.create(WIREMOCK + "/oauthproxy"), "Bearer");
            }
            /**
             * The short name connections/oauth.yaml names; tokens of its servers without an RFC 7009 endpoint (the
             * enterprise one) are deleted the way GitHub's are, at the API above.
             */
            public List<OAuthServerSpec> oauthServers() {
                return List.of(OAuthServerSpec.openIdConnect("stubserver", ISSUER)
                        .withRevocation(OAuthServerSpec.Revocation.APPLICATION_TOKEN_API));
            }
        }, props);
        waitFor("stub/oauth@1 listed", WITHIN, () -> get("/api/v1/connection-types", token).body().contains("\"stub/oauth@1\""));
        waitFor("the /integration endpoints", Duration.ofSeconds(30),
                () -> get("/integration/done", null).statusCode() == 200);
        for (JsonNode c : json(get("/api/v1/connections", token)).path("items")) {
            send("DELETE", "/api/v1/connections/" + c.path("id").asText() + "?force=true", token, null, null);
        }
    }

    @After
    public void unregisterStub() {
        stub.unregister();
    }

    // ---- the flow ---------------------------------------------------------------------------------

    @Test
    public void aBrowserConnectsAnOidcAccountWithPkceAndAValidatedIdToken() throws Exception {
        String signup = "signup-" + Instant.now().toEpochMilli() + "-abcdefghijkl";
        JsonNode started = start("{\"type\":\"stub/oauth@1\",\"name\":\"alice\",\"signupToken\":\"" + signup + "\"}");
        String authorizeUrl = started.path("authorizeUrl").asText();
        assertTrue(authorizeUrl, authorizeUrl.startsWith(BASE + "/integration/stub/login?ticket="));
        assertEquals(202, get("/integration/check-signup?token=" + signup, null).statusCode());

        Browser browser = new Browser();
        HttpResponse<String> login = browser.get(authorizeUrl);
        assertEquals(login.body(), 302, login.statusCode());
        String cookie = login.headers().firstValue("Set-Cookie").orElse("");
        assertTrue(cookie, cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));
        URI authorize = URI.create(login.headers().firstValue("Location").orElseThrow());
        Map<String, String> q = query(authorize);
        assertTrue(authorize.toString(), authorize.toString().startsWith(ISSUER + "/authorize?"));
        assertEquals("code", q.get("response_type"));
        assertEquals("plugboard-it", q.get("client_id"));
        assertEquals(BASE + "/integration/stub/callback", q.get("redirect_uri"));
        assertEquals("S256", q.get("code_challenge_method"));
        assertEquals(43, q.get("code_challenge").length());
        assertTrue(q.get("scope"), q.get("scope").contains("openid") && q.get("scope").contains("profile"));
        assertNotNull(q.get("nonce"));
        assertTrue(q.get("state"), q.get("state").startsWith("main.") && q.get("state").length() > 40);

        // the ticket is single use
        assertEquals(400, new Browser().get(authorizeUrl).statusCode());

        HttpResponse<String> provider = browser.get(authorize.toString());
        assertEquals(302, provider.statusCode());
        String callback = provider.headers().firstValue("Location").orElseThrow();
        assertTrue(callback, callback.startsWith(BASE + "/integration/stub/callback?code="));
        HttpResponse<String> done = browser.get(callback);
        assertEquals(done.body(), 302, done.statusCode());
        assertEquals(BASE + "/integration/done?provider=stub", done.headers().firstValue("Location").orElseThrow());

        JsonNode signedUp = json(get("/integration/check-signup?token=" + signup, null));
        assertEquals("done", signedUp.path("status").asText());
        String id = signedUp.path("connection").path("id").asText();
        JsonNode connection = json(get("/api/v1/connections/" + id, token));
        assertEquals("Healthy", connection.path("status").path("state").asText());
        assertEquals("alice", connection.path("name").asText());
        assertFalse(connection.toString(), connection.path("subject").path("sub").asText().isEmpty());
        assertFalse(connection.toString(), connection.toString().contains("access_token"));
        JsonNode attempt = json(get("/api/v1/connections/authorize/" + started.path("id").asText(), token));
        assertEquals("DONE", attempt.path("state").asText());
        assertTrue(accessTokens().accessToken(id).length() > 20);

        // the same callback again: the state was used up, nothing changes
        HttpResponse<String> replay = browser.get(callback);
        assertEquals(400, replay.statusCode());
        assertTrue(replay.body(), replay.body().contains("already used"));
        assertEquals(1, json(get("/api/v1/connections?type=stub/oauth@1", token)).path("items").size());
    }

    @Test
    public void completionIsPushedOnTheConnectionEventStream() throws Exception {
        java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
        java.util.concurrent.CountDownLatch headers = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.Flow.Subscriber<String> subscriber = new java.util.concurrent.Flow.Subscriber<String>() {
            public void onSubscribe(java.util.concurrent.Flow.Subscription s) { s.request(Long.MAX_VALUE); }
            public void onNext(String line) { lines.add(line); }
            public void onError(Throwable t) { }
            public void onComplete() { }
        };
        HttpClient client = HttpClient.newHttpClient();
        var stream = client.sendAsync(HttpRequest.newBuilder(URI.create(BASE + "/api/v1/connections/events"))
                        .header("Authorization", "Bearer " + token).GET().build(),
                info -> {
                    headers.countDown();      // the servlet registers the client right after sending its headers
                    return HttpResponse.BodyHandlers.fromLineSubscriber(subscriber).apply(info);
                });
        try {
            assertTrue("the stream answered", headers.await(10, java.util.concurrent.TimeUnit.SECONDS));
            String id = connect("streamed");
            long deadline = System.nanoTime() + WITHIN.toNanos();
            boolean connected = false;
            String data = "";
            while (System.nanoTime() < deadline && !connected) {
                String line = lines.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS);
                if ("event: CONNECTED".equals(line)) {
                    data = lines.poll(5, java.util.concurrent.TimeUnit.SECONDS);
                    connected = data != null && data.contains("\"name\":\"streamed\"");
                }
            }
            assertTrue("CONNECTED for 'streamed' on the stream, last data: " + data, connected);
            assertTrue(data, data.contains(id));
            assertFalse(data, data.contains("access_token"));
        } finally {
            stream.cancel(true);
        }
    }

    @Test
    public void tokensAreShownOnlyWhereTheDisplayOnceSchemaSaysAndOnce() throws Exception {
        JsonNode started = start("{\"type\":\"stub/shown@1\",\"name\":\"cli\"}");
        Browser browser = new Browser();
        String authorize = browser.get(started.path("authorizeUrl").asText()).headers().firstValue("Location").orElseThrow();
        String callback = browser.get(authorize).headers().firstValue("Location").orElseThrow();
        assertEquals(302, browser.get(callback).statusCode());
        String path = "/api/v1/connections/authorize/" + started.path("id").asText();
        JsonNode first = json(get(path, token));
        assertEquals("DONE", first.path("state").asText());
        assertTrue(first.toString(), first.path("displayOnce").path("access_token").asText().length() > 20);
        JsonNode second = json(get(path, token));
        assertFalse(second.toString(), second.has("displayOnce"));
        // a type without a displayOnce schema never shows a token
        String plain = connect("plain");
        assertFalse(get("/api/v1/connections/" + plain, token).body().contains("access_token"));
    }

    @Test
    public void aPartialServerTakesTheBaseUrlGivenAtStart() throws Exception {
        assertJsonError(send("POST", "/api/v1/connections/authorize", token, JSON_TYPE,
                "{\"type\":\"stub/oauth@1\",\"name\":\"ent\",\"provider\":\"enterprise\"}"), 400, "bad_request");
        JsonNode started = start("{\"type\":\"stub/oauth@1\",\"name\":\"ent\",\"provider\":\"enterprise\","
                + "\"baseUrl\":\"http://127.0.0.1:18581\"}");
        Browser browser = new Browser();
        URI authorize = URI.create(browser.get(started.path("authorizeUrl").asText()).headers().firstValue("Location").orElseThrow());
        assertTrue(authorize.toString(), authorize.toString().startsWith("http://127.0.0.1:18581/enterprise/authorize?"));
        assertEquals("plugboard-enterprise", query(authorize).get("client_id"));
        String callback = browser.get(authorize.toString()).headers().firstValue("Location").orElseThrow();
        assertEquals(302, browser.get(callback).statusCode());
        JsonNode list = json(get("/api/v1/connections?type=stub/oauth@1", token)).path("items");
        assertEquals("ent", list.get(0).path("name").asText());
        assertEquals("enterprise", list.get(0).path("source").asText());

        // its server has no RFC 7009 endpoint, and the provider declares its tokens are deleted through its API
        String id = list.get(0).path("id").asText();
        String accessToken = (String) service(ConnectionService.class).storage(id).get("access_token");
        HttpResponse<String> refused = send("DELETE", "/api/v1/connections/" + id, token, null, null);
        assertNotEquals("WireMock has no stub yet: the revocation fails and nothing is deleted", 204, refused.statusCode());
        assertEquals(200, get("/api/v1/connections/" + id, token).statusCode());
        String basic = java.util.Base64.getEncoder().encodeToString("plugboard-enterprise:it-client-secret"
                .getBytes(StandardCharsets.UTF_8));
        String stubId = wiremock("POST", "/__admin/mappings", "{\"request\":{\"method\":\"DELETE\","
                + "\"url\":\"/oauthproxy/applications/plugboard-enterprise/token\",\"headers\":{\"Authorization\":"
                + "{\"equalTo\":\"Basic " + basic + "\"}},\"bodyPatterns\":[{\"equalToJson\":{\"access_token\":\""
                + accessToken + "\"}}]},\"response\":{\"status\":204}}");
        try {
            assertEquals(204, send("DELETE", "/api/v1/connections/" + id, token, null, null).statusCode());
            assertJsonError(get("/api/v1/connections/" + id, token), 404, "not_found");
        } finally {
            wiremock("DELETE", "/__admin/mappings/" + stubId, null);
        }
    }

    // ---- attacks: each refused with a clear page, nothing stored ------------------------------------

    @Test
    public void attacksAreRefusedAndNothingIsStored() throws Exception {
        // a callback from another browser (no login cookie)
        Login a = login("eve1");
        assertRefused(new Browser().get(a.callback), "another browser");
        // a tampered state
        Login b = login("eve2");
        String tampered = b.callback.replace("state=main.", "state=main.x");
        assertRefused(b.browser.get(tampered), "unknown");
        // a state used at another provider's callback
        Login c = login("eve3");
        assertRefused(c.browser.get(c.callback.replace("/integration/stub/", "/integration/github/")), "");
        // the provider's error, and a wrong iss (RFC 9207)
        Login d = login("eve4");
        assertRefused(d.browser.get(BASE + "/integration/stub/callback?error=access_denied&error_description=User+said+no&state="
                + d.state), "access_denied");
        Login e = login("eve5");
        assertRefused(e.browser.get(e.callback + "&iss=https%3A%2F%2Fevil.example"), "iss");
        // an expired state (the attempt's clock moved past its 10 minutes)
        Login f = login("eve6");
        expireAttempts();
        assertRefused(f.browser.get(f.callback), "10 minutes");
        // a callback for an environment that is not allow-listed
        assertRefused(new Browser().get(BASE + "/integration/stub/callback?code=x&state=evil.abcdefghijklmnopqrstuvwxyz"),
                "environment");
        assertEquals(0, json(get("/api/v1/connections?type=stub/oauth@1", token)).path("items").size());
        // no redirect target from the request: extra parameters do not move the success redirect
        Login g = login("fine");
        HttpResponse<String> ok = g.browser.get(g.callback + "&redirect_uri=https%3A%2F%2Fevil.example&next=https%3A%2F%2Fevil.example");
        assertEquals(ok.body(), 302, ok.statusCode());
        assertEquals(BASE + "/integration/done?provider=stub", ok.headers().firstValue("Location").orElseThrow());
    }

    @Test
    public void aCallbackForAnotherEnvironmentIsForwardedIntact() throws Exception {
        HttpResponse<String> forwarded = new Browser().get(BASE + "/integration/stub/callback?code=abc&state=staging.xyz123");
        assertEquals(302, forwarded.statusCode());
        assertEquals("https://staging.example.com/integration/stub/callback?code=abc&state=staging.xyz123",
                forwarded.headers().firstValue("Location").orElseThrow());
    }

    // ---- tokens: refresh single-flight, invalid_grant, revocation -----------------------------------

    @Test
    public void fiftyConcurrentRequestsForAnExpiredTokenRefreshItOnce() throws Exception {
        String id = connect("bob");
        ConnectionService connections = service(ConnectionService.class);
        String before = (String) connections.storage(id).get("access_token");
        connections.updateStorage(id, s -> {
            s.put("expires_at", Instant.now().minusSeconds(5).getEpochSecond());
            return s;
        });
        ExecutorService pool = Executors.newFixedThreadPool(50);
        List<Future<String>> answers = new ArrayList<>();
        AccessTokens tokens = accessTokens();
        for (int i = 0; i < 50; i++) {
            answers.add(pool.submit((Callable<String>) () -> tokens.accessToken(id)));
        }
        Set<String> distinct = new HashSet<>();
        for (Future<String> f : answers) {
            distinct.add(f.get());
        }
        pool.shutdown();
        assertEquals("one refresh: every caller got the same new token", 1, distinct.size());
        assertNotEquals(before, distinct.iterator().next());
        assertTrue(((Number) connections.storage(id).get("expires_at")).longValue() > Instant.now().getEpochSecond());
    }

    @Test
    public void aForcedRefreshGetsANewTokenFromTheServerBeforeTheOldOneExpires() throws Exception {
        String id = connect("frank");
        ConnectionService connections = service(ConnectionService.class);
        String before = (String) connections.storage(id).get("access_token");
        HttpResponse<String> r = send("POST", "/api/v1/connections/" + id + "/refresh", token, null, null);
        assertEquals(r.body(), 200, r.statusCode());
        JsonNode body = json(r);
        assertEquals(id, body.path("id").asText());
        assertTrue(body.toString(), Instant.parse(body.path("expiresAt").asText()).isAfter(Instant.now()));
        assertNotEquals("mock-oauth2-server issued a new access token", before, connections.storage(id).get("access_token"));

        String refused = connect("grace", "stub/refusing@1");
        assertJsonError(send("POST", "/api/v1/connections/" + refused + "/refresh", token, null, null), 502, "refresh_failed");
        assertEquals("NeedsReauth", json(get("/api/v1/connections/" + refused, token)).path("status").path("state").asText());
    }

    @Test
    public void aRefusedRefreshTokenMarksTheConnectionNeedsReauth() throws Exception {
        // this type's token endpoint (WireMock) answers invalid_grant to every refresh
        String id = connect("carol", "stub/refusing@1");
        ConnectionService connections = service(ConnectionService.class);
        connections.updateStorage(id, s -> {
            s.put("expires_at", Instant.now().minusSeconds(5).getEpochSecond());
            return s;
        });
        try {
            accessTokens().accessToken(id);
            throw new AssertionError("the refresh was refused: no token expected");
        } catch (IllegalStateException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("connect again"));
        }
        JsonNode status = json(get("/api/v1/connections/" + id, token)).path("status");
        assertEquals("NeedsReauth", status.path("state").asText());
        assertTrue(status.toString(), status.path("reason").asText().contains("invalid_grant"));
    }

    @Test
    public void aProxyCallThatTheProviderAnswers401RefreshesTheTokenOnceAndSucceeds() throws Exception {
        String id = connect("erin");
        ConnectionService connections = service(ConnectionService.class);
        String before = (String) connections.storage(id).get("access_token");
        HttpResponse<String> applied = send("POST", "/api/v1/apply", token, "application/yaml",
                "kind: Integration\nmetadata: {name: stub-api}\nspec: {type: TYPE_STUB, auth: {use: AUTH_TYPE_CONNECTION, "
                        + "connection: {type: stub/oauth@1, name: erin}}}\n");
        assertTrue(applied.body(), applied.statusCode() == 200 || applied.statusCode() == 201);
        // the provider (WireMock) refuses the token it has (401) and takes any other bearer token
        List<String> stubs = List.of(
                wiremock("POST", "/__admin/mappings", "{\"priority\":1,\"request\":{\"method\":\"GET\",\"url\":\"/oauthproxy/me\","
                        + "\"headers\":{\"Authorization\":{\"equalTo\":\"Bearer " + before + "\"}}},"
                        + "\"response\":{\"status\":401,\"jsonBody\":{\"message\":\"Bad credentials\"}}}"),
                wiremock("POST", "/__admin/mappings", "{\"priority\":2,\"request\":{\"method\":\"GET\",\"url\":\"/oauthproxy/me\","
                        + "\"headers\":{\"Authorization\":{\"matches\":\"Bearer .+\"}}},"
                        + "\"response\":{\"status\":200,\"jsonBody\":{\"login\":\"erin\"}}}"));
        try {
            HttpResponse<String> r = get("/api/v1/integrations/stub-api/proxy/me", token);
            // only a token other than the refused one gets the 200: the 401 was answered by one refresh and a resend
            assertEquals(r.body(), 200, r.statusCode());
            assertEquals("erin", json(r).path("login").asText());
            String after = (String) connections.storage(id).get("access_token");
            assertNotEquals("the token was refreshed and stored", before, after);
            HttpResponse<String> again = get("/api/v1/integrations/stub-api/proxy/me", token);
            assertEquals(again.body(), 200, again.statusCode());
            assertEquals("the next call uses the stored token: no second refresh", after,
                    connections.storage(id).get("access_token"));
        } finally {
            for (String stubId : stubs) {
                wiremock("DELETE", "/__admin/mappings/" + stubId, null);
            }
            send("DELETE", "/api/v1/integrations/stub-api", token, null, null);
        }
    }

    /** A call to WireMock's admin API; a created stub answers its id. */
    private static String wiremock(String method, String path, String body) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(WIREMOCK + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() + " " + r.body(), r.statusCode() / 100 == 2);
        return path.equals("/__admin/mappings") ? new ObjectMapper().readTree(r.body()).path("id").asText() : r.body();
    }

    @Test
    public void deletingAConnectionRevokesItsTokensFirst() throws Exception {
        String id = connect("dave");
        assertEquals(204, send("DELETE", "/api/v1/connections/" + id, token, null, null).statusCode());
        waitFor("revocation logged", WITHIN, () -> String.join("\n", java.nio.file.Files.readAllLines(
                java.nio.file.Paths.get(System.getProperty("karaf.data"), "log", "karaf.log")))
                .contains("Revoked the credentials of connection stub/oauth@1 default/dave"));
        assertJsonError(get("/api/v1/connections/" + id, token), 404, "not_found");
    }

    // ---- helpers ----------------------------------------------------------------------------------

    /** A browser: keeps cookies per host and path, follows nothing by itself. */
    private static final class Browser {
        private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL)).connectTimeout(Duration.ofSeconds(10)).build();

        HttpResponse<String> get(String url) throws Exception {
            return client.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").timeout(Duration.ofSeconds(20))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private record Login(Browser browser, String callback, String state) {
    }

    /** Starts an attempt and walks it up to the provider's redirect back to the callback (not followed). */
    private Login login(String name) throws Exception {
        return login(name, "stub/oauth@1");
    }

    private Login login(String name, String type) throws Exception {
        JsonNode started = start("{\"type\":\"" + type + "\",\"name\":\"" + name + "\"}");
        Browser browser = new Browser();
        String authorize = browser.get(started.path("authorizeUrl").asText()).headers().firstValue("Location").orElseThrow();
        String callback = browser.get(authorize).headers().firstValue("Location").orElseThrow();
        return new Login(browser, callback, query(URI.create(callback)).get("state"));
    }

    private String connect(String name) throws Exception {
        return connect(name, "stub/oauth@1");
    }

    private String connect(String name, String type) throws Exception {
        Login l = login(name, type);
        HttpResponse<String> done = l.browser.get(l.callback);
        assertEquals(done.body(), 302, done.statusCode());
        for (JsonNode c : json(get("/api/v1/connections?type=" + type, token)).path("items")) {
            if (name.equals(c.path("name").asText())) {
                return c.path("id").asText();
            }
        }
        throw new AssertionError("no connection " + name);
    }

    private JsonNode start(String body) throws Exception {
        HttpResponse<String> r = send("POST", "/api/v1/connections/authorize", token, JSON_TYPE, body);
        assertEquals(r.body(), 201, r.statusCode());
        return json(r);
    }

    private static void assertRefused(HttpResponse<String> r, String reason) {
        assertEquals(r.body(), 400, r.statusCode());
        assertTrue(r.body(), r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(r.body(), r.body().contains(reason));
        assertFalse(r.body(), r.body().contains("Exception"));
    }

    private void expireAttempts() throws Exception {
        ServiceReference<DataSource> ref = bundleContext.getServiceReferences(DataSource.class, "(dataSourceName=plugboard)")
                .iterator().next();
        try (Connection c = bundleContext.getService(ref).getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE plugboard_oauth_attempt SET expires_at = ? WHERE status = 'LOGIN'")) {
            ps.setLong(1, Instant.now().minusSeconds(1).toEpochMilli());
            ps.executeUpdate();
        } finally {
            bundleContext.ungetService(ref);
        }
    }

    private AccessTokens accessTokens() {
        return service(AccessTokens.class);
    }

    private <T> T service(Class<T> type) {
        ServiceReference<T> ref = bundleContext.getServiceReference(type);
        assertNotNull(type.getName(), ref);
        return bundleContext.getService(ref);
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> params = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                params.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }
}
