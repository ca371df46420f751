package io.plugboard.core.internal.connection;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import io.plugboard.api.connection.Probe;
import io.plugboard.api.connection.SourceKind;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class ProbeClientTest {

    private static final String TOKEN = "gho_s3cr3tT0kenValue";

    /** What the server received. */
    private record Received(String method, String rawPath, String rawQuery, Headers headers) {
    }

    private HttpServer server;
    private String base;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final ProbeClient client = new ProbeClient(
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), Duration.ofSeconds(5));

    @Before
    public void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        answer("/user", 200, "application/json; charset=utf-8", """
                {"id": 583231, "login": "octocat", "name": "The Octocat", "email": null,
                 "avatar_url": "https://avatars.example/u/583231", "html_url": "https://example.com/octocat",
                 "site_admin": false, "plan": {"name": "free"}}""");
        answer("/denied", 401, "application/json", "{\"message\":\"Bad credentials\"}");
        answer("/xml", 200, "text/xml", """
                <?xml version="1.0"?>
                <user><id>42</id><login>
                  octo
                </login><name>Octo Cat</name></user>""");
        answer("/text", 200, "text/plain", "hello");
        answer("/plain", 204, null, "");
        server.start();
    }

    @After
    public void stop() {
        server.stop(0);
    }

    private void answer(String path, int status, String contentType, String body) {
        server.createContext(path, exchange -> {
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders()));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            if (contentType != null) {
                exchange.getResponseHeaders().add("Content-Type", contentType);
            }
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
    }

    private static Map<String, String> map(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static Map<String, Object> bearer(String type) {
        Map<String, Object> storage = new LinkedHashMap<>();
        storage.put("access_token", TOKEN);
        storage.put("token_type", type);
        storage.put("scope", "repo");
        return storage;
    }

    @Test
    public void healthyJsonAnswerIsMappedWithJsonPointers() {
        Probe probe = new Probe(base + "/user", map("Accept", "application/vnd.github+json"),
                map("sub", "/id", "name", "/name", "email", "/email", "picture", "/avatar_url",
                        "profile", "/html_url", "nickname", "/missing", "plan", "/plan", "admin", "/site_admin"));

        ProbeResult result = client.probe(probe, SourceKind.OAUTH2, bearer("bearer"));

        assertTrue(result.healthy());
        assertNull(result.reason());
        assertEquals(200, result.status());
        assertEquals(Map.of("sub", "583231", "name", "The Octocat", "picture", "https://avatars.example/u/583231",
                "profile", "https://example.com/octocat", "admin", "false"), result.subject());
        assertEquals(1, received.size());
        Received request = received.get(0);
        assertEquals("GET", request.method());
        assertEquals("Bearer " + TOKEN, request.headers().getFirst("Authorization"));
        assertEquals("application/vnd.github+json", request.headers().getFirst("Accept"));
        assertEquals("Plugboard", request.headers().getFirst("User-Agent"));
    }

    @Test
    public void noMappingMeansNoSubject() {
        ProbeResult result = client.probe(new Probe(base + "/user", null, null), SourceKind.OAUTH2, bearer("Bearer"));
        assertEquals(new ProbeResult(true, null, Map.of(), 200), result);
    }

    @Test
    public void non2xxIsUnhealthyWithTheStatusButWithoutTheQuery() {
        Probe probe = new Probe(base + "/denied?key=${input.token}", map("X-Key", "${input.token}"),
                map("sub", "/id"));

        ProbeResult result = client.probe(probe, SourceKind.FORM, Map.of("token", TOKEN));

        assertFalse(result.healthy());
        assertEquals(401, result.status());
        assertEquals("probe GET " + base + "/denied answered 401", result.reason());
        assertEquals(Map.of(), result.subject());
        assertEquals("key=" + TOKEN, received.get(0).rawQuery());
    }

    @Test
    public void xmlAnswerIsMappedWithXPath() {
        Probe probe = new Probe(base + "/xml", null,
                map("sub", "/user/id", "nickname", "/user/login", "name", "string(//name)", "email", "/user/email"));

        ProbeResult result = client.probe(probe, SourceKind.FORM, Map.of());

        assertTrue(result.healthy());
        assertNull(result.reason());
        assertEquals(Map.of("sub", "42", "nickname", "octo", "name", "Octo Cat"), result.subject());
    }

    @Test
    public void textAnswerIsHealthyButNotMapped() {
        ProbeResult result = client.probe(new Probe(base + "/text", null, map("sub", "/id")), SourceKind.FORM,
                Map.of());

        assertEquals(new ProbeResult(true, "subject not mapped: the probe answered text/plain; "
                + "userInfoMapping needs JSON (JSON Pointer) or XML (XPath)", Map.of(), 200), result);
    }

    @Test
    public void answerWithoutContentTypeIsHealthyButNotMapped() {
        ProbeResult result = client.probe(new Probe(base + "/plain", null, map("sub", "/id")), SourceKind.FORM,
                Map.of());

        assertEquals(new ProbeResult(true, "subject not mapped: the probe answered without a Content-Type; "
                + "userInfoMapping needs JSON (JSON Pointer) or XML (XPath)", Map.of(), 204), result);
    }

    @Test
    public void inputFieldsAreSubstitutedIntoHeadersAsIsAndIntoTheUrlPercentEncoded() {
        Map<String, Object> storage = new LinkedHashMap<>();
        storage.put("token", "a b/c&d=+~");
        storage.put("user", "octo-cat_1.x");
        storage.put("port", 8443);
        storage.put("city", "Zürich");
        Probe probe = new Probe(base + "/user/${input.user}?key=${input.token}&n=${input.port}&c=${input.city}",
                map("X-Api-Key", "Key ${input.token}", "X-Fixed", "plain"), null);

        ProbeResult result = client.probe(probe, SourceKind.FORM, storage);

        assertEquals(new ProbeResult(true, null, Map.of(), 200), result);
        Received request = received.get(0);
        assertEquals("/user/octo-cat_1.x", request.rawPath());
        assertEquals("key=a%20b%2Fc%26d%3D%2B~&n=8443&c=Z%C3%BCrich", request.rawQuery());
        assertEquals("Key a b/c&d=+~", request.headers().getFirst("X-Api-Key"));
        assertEquals("plain", request.headers().getFirst("X-Fixed"));
        assertNull("a Form probe sends no Authorization of its own", request.headers().getFirst("Authorization"));
    }

    @Test
    public void missingInputFieldMakesNoRequest() {
        Probe probe = new Probe(base + "/user", map("X-Key", "${input.apiKey}"), null);

        ProbeResult result = client.probe(probe, SourceKind.FORM, Map.of("token", TOKEN));

        assertEquals(new ProbeResult(false, "probe: ${input.apiKey} names no stored field", Map.of(), 0), result);
        assertEquals(0, received.size());
    }

    @Test
    public void otherPlaceholdersAreErrorsToo() {
        ProbeResult result = client.probe(new Probe(base + "/user?x=${env.HOME}", null, null), SourceKind.FORM,
                Map.of());

        assertEquals(new ProbeResult(false, "probe: ${env.HOME} is not an input field; expected ${input.<field>}",
                Map.of(), 0), result);
        assertEquals(0, received.size());
    }

    @Test
    public void oauthTokensOtherThanBearerAreNotSent() {
        ProbeResult result = client.probe(new Probe(base + "/user", null, null), SourceKind.OAUTH2, bearer("mac"));

        assertEquals(new ProbeResult(false, "token type 'mac' is not Bearer; only Bearer tokens are sent (RFC 6750)",
                Map.of(), 0), result);
        assertEquals(0, received.size());
    }

    @Test
    public void oauthWithoutTokenIsUnhealthy() {
        ProbeResult result = client.probe(new Probe(base + "/user", null, null), SourceKind.OAUTH2,
                Map.of("token_type", "Bearer"));

        assertEquals(new ProbeResult(false, "the connection holds no access_token; sign in again", Map.of(), 0),
                result);
        assertEquals(0, received.size());
    }

    @Test
    public void oauthWithoutTokenTypeIsUnhealthy() {
        ProbeResult result = client.probe(new Probe(base + "/user", null, null), SourceKind.OAUTH2,
                Map.of("access_token", TOKEN));

        assertEquals(new ProbeResult(false,
                "the connection holds no token_type; only Bearer tokens are sent (RFC 6750)", Map.of(), 0), result);
        assertEquals(0, received.size());
    }

    @Test
    public void connectionRefusedIsUnhealthyWithoutTheToken() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/user";
        Probe probe = new Probe(url + "?access_token=${input.token}", map("X-Key", "${input.token}"), null);

        ProbeResult result = client.probe(probe, SourceKind.FORM, Map.of("token", TOKEN));

        assertFalse(result.healthy());
        assertEquals(0, result.status());
        assertTrue(result.reason(), result.reason().startsWith("probe GET " + url + " failed: ConnectException"));
        assertFalse(result.reason(), result.reason().contains(TOKEN));
        assertFalse(result.reason(), result.reason().contains("access_token"));
    }

    @Test
    public void oauthConnectionRefusedNeverShowsTheToken() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ProbeResult result = client.probe(new Probe("http://127.0.0.1:" + port + "/me", null, null),
                SourceKind.OAUTH2, bearer("Bearer"));

        assertFalse(result.healthy());
        assertTrue(result.reason(), result.reason().startsWith(
                "probe GET http://127.0.0.1:" + port + "/me failed: ConnectException"));
        assertFalse(result.reason(), result.reason().contains(TOKEN));
    }

    @Test
    public void invalidUrlsAreUnhealthyWithoutARequest() {
        assertEquals(new ProbeResult(false, "probe URL ftp://example.com/x is not an absolute http(s) URL", Map.of(),
                0), client.probe(new Probe("ftp://example.com/x", null, null), SourceKind.FORM, Map.of()));
        assertEquals(new ProbeResult(false, "probe URL http://exa mple.com/x is not a valid URL", Map.of(), 0),
                client.probe(new Probe("http://exa mple.com/x?k=1", null, null), SourceKind.FORM, Map.of()));
    }

    @Test
    public void restrictedHeadersAreReportedWithoutTheirValue() {
        ProbeResult result = client.probe(new Probe(base + "/user", map("Host", "${input.token}"), null),
                SourceKind.FORM, Map.of("token", TOKEN));

        assertEquals(new ProbeResult(false, "probe header 'Host' cannot be sent (a restricted header, or an invalid "
                + "name or value)", Map.of(), 0), result);
        assertEquals(0, received.size());
    }

    @Test
    public void oauthProbesTakeNoInputPlaceholders() {
        ProbeResult result = client.probe(new Probe(base + "/user?t=${input.access_token}", null, null),
                SourceKind.OAUTH2, bearer("Bearer"));

        assertEquals(new ProbeResult(false, "probe: ${input.access_token} is only available to Form connections",
                Map.of(), 0), result);
        assertEquals(0, received.size());
    }

    @Test
    public void answersOverOneMebibyteAreNotMapped() {
        server.createContext("/big", exchange -> {
            byte[] bytes = ("{\"id\":\"" + "x".repeat(ProbeClient.MAX_BODY_BYTES) + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            } catch (IOException closedByClient) {
                // expected: the client stops reading
            }
        });

        ProbeResult result = client.probe(new Probe(base + "/big", null, map("sub", "/id")), SourceKind.FORM,
                Map.of());

        assertEquals(new ProbeResult(true, "subject not mapped: the probe's answer is larger than 1 MiB", Map.of(),
                200), result);
    }

    private void redirect(HttpServer on, String path, String location) {
        on.createContext(path, exchange -> {
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders()));
            exchange.getResponseHeaders().add("Location", location);
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
    }

    @Test
    public void sameOriginRedirectsKeepTheCredentials() {
        redirect(server, "/old", "/user");

        ProbeResult result = client.probe(new Probe(base + "/old", map("X-Key", "k1"), map("sub", "/id")),
                SourceKind.OAUTH2, bearer("Bearer"));

        assertEquals(new ProbeResult(true, null, Map.of("sub", "583231"), 200), result);
        assertEquals(2, received.size());
        assertEquals("/user", received.get(1).rawPath());
        assertEquals("Bearer " + TOKEN, received.get(1).headers().getFirst("Authorization"));
        assertEquals("k1", received.get(1).headers().getFirst("X-Key"));
    }

    @Test
    public void redirectsToAnotherOriginGetNoCredentials() throws IOException {
        HttpServer other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        List<Headers> seen = new CopyOnWriteArrayList<>();
        other.createContext("/", exchange -> {
            seen.add(exchange.getRequestHeaders());
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
        });
        other.start();
        try {
            // "localhost" is another origin than "127.0.0.1", though the same machine
            redirect(server, "/away", "http://localhost:" + other.getAddress().getPort() + "/elsewhere");

            ProbeResult result = client.probe(new Probe(base + "/away", map("X-Key", "k1"), null),
                    SourceKind.OAUTH2, bearer("Bearer"));

            assertEquals(new ProbeResult(false, "probe GET " + base + "/away answered 401", Map.of(), 401), result);
            assertEquals(1, seen.size());
            assertNull(seen.get(0).getFirst("Authorization"));
            assertNull(seen.get(0).getFirst("X-Key"));
            assertEquals("Plugboard", seen.get(0).getFirst("User-Agent"));
        } finally {
            other.stop(0);
        }
    }

    @Test
    public void redirectLoopsEnd() {
        redirect(server, "/loop", "/loop");

        ProbeResult result = client.probe(new Probe(base + "/loop", null, null), SourceKind.FORM, Map.of());

        assertEquals(new ProbeResult(false, "probe GET " + base + "/loop failed: more than 5 redirects", Map.of(),
                302), result);
        assertEquals(6, received.size());
    }

    // --- mapSubject

    @Test
    public void mapSubjectFollowsJsonPointers() {
        byte[] body = """
                {"a": {"b/c": "slash", "m~n": 1.5, "list": ["x", "y"]}, "t": true, "n": null, "o": {}}"""
                .getBytes(StandardCharsets.UTF_8);

        Map<String, String> subject = ProbeClient.mapSubject("application/problem+json", body,
                map("slash", "/a/b~1c", "tilde", "/a/m~0n", "item", "/a/list/1", "bool", "/t", "null", "/n",
                        "object", "/o", "array", "/a/list", "missing", "/nope/deeper"));

        assertEquals(Map.of("slash", "slash", "tilde", "1.5", "item", "y", "bool", "true"), subject);
        assertEquals(List.of("bool", "item", "slash", "tilde"), new ArrayList<>(subject.keySet()));
    }

    @Test
    public void mapSubjectRefusesAnInvalidJsonPointer() {
        try {
            ProbeClient.mapSubject("application/json", "{}".getBytes(StandardCharsets.UTF_8), map("sub", "id"));
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("subject not mapped: userInfoMapping sub: 'id' is not a JSON Pointer (RFC 6901, e.g. /login)",
                    e.getMessage());
        }
    }

    @Test
    public void mapSubjectReportsUnparseableJson() {
        try {
            ProbeClient.mapSubject("application/json", "{nope".getBytes(StandardCharsets.UTF_8), map("sub", "/id"));
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("subject not mapped: the probe's JSON answer could not be parsed", e.getMessage());
        }
    }

    @Test
    public void mapSubjectEvaluatesXPathByMediaTypeNotByExpression() {
        byte[] body = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><author><name>Ann</name><uri>/ann</uri></author>"
                .concat("<id></id></feed>").getBytes(StandardCharsets.UTF_8);

        Map<String, String> subject = ProbeClient.mapSubject("application/atom+xml; charset=utf-8", body,
                map("name", "/feed/author/name", "profile", "//uri", "sub", "/feed/id", "count", "count(//author)"));

        assertEquals(Map.of("name", "Ann", "profile", "/ann", "count", "1"), subject);
    }

    @Test
    public void mapSubjectRefusesInvalidXPath() {
        try {
            ProbeClient.mapSubject("application/xml", "<a/>".getBytes(StandardCharsets.UTF_8), map("sub", "/a["));
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("subject not mapped: userInfoMapping sub: '/a[' is not a valid XPath 1.0 expression",
                    e.getMessage());
        }
    }

    @Test
    public void mapSubjectRefusesADoctype() {
        byte[] xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE user [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <user><login>&xxe;</login></user>""".getBytes(StandardCharsets.UTF_8);
        try {
            ProbeClient.mapSubject("application/xml", xxe, map("sub", "/user/login"));
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("subject not mapped: the probe's XML answer could not be parsed "
                    + "(a document type declaration is not allowed)", e.getMessage());
        }
    }

    @Test
    public void mapSubjectReportsUnparseableXml() {
        try {
            ProbeClient.mapSubject("text/xml", "<user>".getBytes(StandardCharsets.UTF_8), map("sub", "/user"));
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("subject not mapped: the probe's XML answer could not be parsed", e.getMessage());
        }
    }

    @Test
    public void mapSubjectRefusesOtherMediaTypes() {
        try {
            ProbeClient.mapSubject("Text/HTML; charset=utf-8", "<html/>".getBytes(StandardCharsets.UTF_8),
                    map("sub", "/html"));
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("subject not mapped: the probe answered text/html; userInfoMapping needs JSON (JSON Pointer) "
                    + "or XML (XPath)", e.getMessage());
        }
    }

    @Test
    public void percentEncodingKeepsOnlyUnreservedCharacters() {
        assertEquals("AZaz09-._~%20%2F%3F%23%25%2B%C3%A9", ProbeClient.percentEncode("AZaz09-._~ /?#%+é"));
    }
}
