package io.plugboard.core.internal.outbound;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.plugboard.api.outbound.ApiEndpoint;
import io.plugboard.api.outbound.ApiIOException;
import io.plugboard.api.outbound.ApiRequest;
import io.plugboard.api.outbound.ApiResponse;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class IntegrationApiClientTest {

    private HttpServer server;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<String> userAgents = new CopyOnWriteArrayList<>();
    private final List<String> cookies = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile String validToken = "t1";

    @Before
    public void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/", exchange -> {
            requests.incrementAndGet();
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(String.valueOf(auth));
            userAgents.add(String.valueOf(exchange.getRequestHeaders().getFirst("User-Agent")));
            cookies.add(String.valueOf(exchange.getRequestHeaders().getFirst("Cookie")));
            byte[] body = (exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("X-RateLimit-Remaining", "4999");
            exchange.sendResponseHeaders(("Token " + validToken).equals(auth) ? 200 : 401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @After
    public void stop() {
        server.stop(0);
    }

    private ApiEndpoint endpoint() {
        return new ApiEndpoint(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api"), "Token",
                Map.of("User-Agent", "SemaphoreCI v2.0 Client"));
    }

    private IntegrationApiClient client(String token, String refreshedToken, AtomicInteger refreshes) {
        return new IntegrationApiClient(HttpClient.newHttpClient(), endpoint(), new IntegrationApiClient.Credential() {
            @Override public String token() { return token; }
            @Override public String refreshed(String rejected) {
                if (refreshedToken == null) {
                    return null;
                }
                assertEquals(token, rejected);
                refreshes.incrementAndGet();
                return refreshedToken;
            }
        }, Duration.ofSeconds(5), "test");
    }

    @Test
    public void injectsTheCredentialAndDropsTheCallersAuthorization() throws Exception {
        ApiRequest request = new ApiRequest("POST", "projects/p1/hooks?x=1", Map.of(
                "Authorization", List.of("Bearer admin-token"), "Cookie", List.of("session=1"),
                "Content-Type", List.of("application/json")), "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        try (ApiResponse response = client("t1", null, new AtomicInteger()).send(request)) {
            assertEquals(200, response.status());
            assertEquals("POST /api/projects/p1/hooks?x=1 {\"a\":1}", response.text());
            assertEquals("4999", response.header("X-RateLimit-Remaining").orElseThrow());
        }
        assertEquals(List.of("Token t1"), authorizations);
        assertEquals(List.of("SemaphoreCI v2.0 Client"), userAgents);
        assertEquals(List.of("null"), cookies);
    }

    @Test
    public void refreshesOnceAfterA401AndSendsAgain() throws Exception {
        validToken = "t2";
        AtomicInteger refreshes = new AtomicInteger();
        try (ApiResponse response = client("t1", "t2", refreshes).send(ApiRequest.get("user"))) {
            assertEquals(200, response.status());
        }
        assertEquals(1, refreshes.get());
        assertEquals(List.of("Token t1", "Token t2"), authorizations);
    }

    @Test
    public void aRefusedRefreshedTokenIsNotRetriedAgain() throws Exception {
        validToken = "never";
        AtomicInteger refreshes = new AtomicInteger();
        try (ApiResponse response = client("t1", "t2", refreshes).send(ApiRequest.get("user"))) {
            assertEquals(401, response.status());
        }
        assertEquals(1, refreshes.get());
        assertEquals(2, requests.get());
    }

    @Test
    public void aTokenThatCannotRefreshAnswersThe401AsItIs() throws Exception {
        validToken = "other";
        try (ApiResponse response = client("t1", null, new AtomicInteger()).send(ApiRequest.get("user"))) {
            assertEquals(401, response.status());
        }
        assertEquals(1, requests.get());
    }

    @Test
    public void aRefusedConnectionSurelyDidNotSend() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        IntegrationApiClient client = new IntegrationApiClient(HttpClient.newHttpClient(),
                new ApiEndpoint(URI.create("http://127.0.0.1:" + closed + "/api"), "Bearer"),
                new IntegrationApiClient.Credential() {
                    @Override public String token() { return "t"; }
                    @Override public String refreshed(String rejected) { return null; }
                }, Duration.ofSeconds(5), "test");
        try {
            client.send(ApiRequest.get("user"));
            fail("sent to a closed port");
        } catch (ApiIOException e) {
            assertFalse(e.maybeSent());
            assertTrue(e.getMessage(), e.getMessage().contains("Could not connect"));
        }
    }

    @Test
    public void noCredentialSendsNoAuthorization() throws Exception {
        IntegrationApiClient client = new IntegrationApiClient(HttpClient.newHttpClient(), endpoint(),
                new IntegrationApiClient.Credential() {
                    @Override public String token() { return null; }
                    @Override public String refreshed(String rejected) { return null; }
                }, Duration.ofSeconds(5), "test");
        try (ApiResponse response = client.send(ApiRequest.get("user"))) {
            assertEquals(401, response.status());
        }
        assertEquals(List.of("null"), authorizations);
    }
}
