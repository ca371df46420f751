package io.plugboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The operator's surface of #20: Prometheus metrics moved by a webhook, health and readiness, the public URL that
 * follows the HTTP port, filters by name or uid, GitHub's case-insensitive repository names, and bad input refused with
 * a JSON 4xx and nothing stored.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OperatorIT extends PlugboardTestSupport {

    private static final String SECRET = "operator-hook-secret";
    private static final int METRICS_PORT = 18981;

    @Override
    protected org.ops4j.pax.exam.Option[] extraOptions() {
        return new org.ops4j.pax.exam.Option[] {org.ops4j.pax.exam.karaf.options.KarafDistributionOption
                .editConfigurationFilePut("etc/io.plugboard.core.cfg", "metricsPort", String.valueOf(METRICS_PORT))};
    }
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)\\})? (\\S+)$");

    /** The value of one sample of the Prometheus text format, {@code 0} when it is not there yet. */
    private static double sample(String text, String name, String labels) {
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (m.matches() && m.group(1).equals(name) && (labels == null ? m.group(3) == null
                    : labels.equals(m.group(3)))) {
                return Double.parseDouble(m.group(4));
            }
        }
        return 0;
    }

    private String scrape(String token) throws Exception {
        HttpResponse<String> r = send("GET", "/metrics", token, null, null);
        assertEquals(r.body(), 200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse(""), r.headers().firstValue("Content-Type").orElse("")
                .startsWith("text/plain; version=0.0.4"));
        for (String line : r.body().split("\n")) {
            assertTrue("a valid text-format line: " + line, line.startsWith("#") || line.isEmpty() || SAMPLE.matcher(line).matches());
        }
        return r.body();
    }

    private HttpResponse<String> push(String webhookUrl, String repository, String secret) throws Exception {
        String body = "{\"ref\":\"refs/heads/main\",\"repository\":{\"full_name\":\"" + repository + "\",\"name\":\""
                + repository.substring(repository.indexOf('/') + 1) + "\",\"owner\":{\"login\":\""
                + repository.substring(0, repository.indexOf('/')) + "\"}}}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(BASE + URI.create(webhookUrl).getPath()))
                .header("Content-Type", "application/json").header("X-GitHub-Event", "push")
                .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .header("X-Hub-Signature-256", "sha256=" + WireMockStubs.hmacHex(secret, body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    public void aWebhookMovesItsSeriesAndTheScrapeNeedsTheAdminToken() throws Exception {
        String token = adminToken();
        String hook = applyTokenIntegration(token, "op-metrics", "TYPE_GITHUB", "http://127.0.0.1:9", "ghp_op", SECRET);
        String before = scrape(token);
        String accepted = "outcome=\"accepted\",provider=\"github\"";
        String rejected = "outcome=\"rejected\",provider=\"github\"";
        assertEquals(202, push(hook, "octo/hello", SECRET).statusCode());
        assertEquals(401, push(hook, "octo/hello", "not the secret").statusCode());
        String after = scrape(token);
        assertEquals(sample(before, "plugboard_webhooks_total", accepted) + 1, sample(after, "plugboard_webhooks_total", accepted), 0);
        assertEquals(sample(before, "plugboard_webhooks_total", rejected) + 1, sample(after, "plugboard_webhooks_total", rejected), 0);
        assertEquals(sample(before, "plugboard_webhook_ingest_seconds_count", "provider=\"github\"") + 2,
                sample(after, "plugboard_webhook_ingest_seconds_count", "provider=\"github\""), 0);
        assertTrue("the histogram's buckets", after.contains("plugboard_webhook_ingest_seconds_bucket{provider=\"github\",le=\"0.05\"}"));
        assertTrue("deliveries by status, read at the scrape", after.contains("plugboard_deliveries{status=\"pending\"}"));
        assertTrue("connections by health", after.contains("plugboard_connections{state=\"NeedsReauth\"}"));
        assertTrue("the database pool", sample(after, "plugboard_db_pool_connections", "state=\"total\"") >= 1);
        assertTrue("the JVM", sample(after, "jvm_threads_current", null) > 0);

        HttpResponse<String> open = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + METRICS_PORT + "/metrics"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("metricsPort: no token needed", 200, open.statusCode());
        assertTrue(open.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        assertTrue(open.body().contains("plugboard_webhooks_total{outcome=\"accepted\",provider=\"github\"}"));
        HttpResponse<String> other = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + METRICS_PORT
                + "/api/v1/providers")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertJsonError(other, 404, "not_found");
        assertJsonError(send("GET", "/metrics", null, null, null), 401, "unauthorized");
        assertJsonError(send("GET", "/metrics", "not-the-token", null, null), 401, "unauthorized");
    }

    @Test
    public void githubRepositoryFiltersIgnoreCaseAndEventFiltersTakeANameOrAUid() throws Exception {
        String token = adminToken();
        String hook = applyTokenIntegration(token, "op-case", "TYPE_GITHUB", "http://127.0.0.1:9", "ghp_case", SECRET);
        HttpResponse<String> applied = send("POST", "/api/v1/apply", token, "application/yaml", "kind: EventSource\n"
                + "metadata: {name: op-hello}\nspec:\n  integration: {domain: ORGANIZATION, name: op-case}\n"
                + "  github: {repository: codertocat/hello-world}\n");
        assertEquals(applied.body(), 201, applied.statusCode());
        String id = json(push(hook, "Codertocat/Hello-World", SECRET)).path("id").asText();
        JsonNode event = json(get("/api/v1/events/" + id, token));
        assertEquals(event.toString(), 1, event.path("deliveries").size());
        assertEquals("op-hello", event.path("deliveries").get(0).path("eventSource").path("name").asText());

        String uid = json(get("/api/v1/integrations/op-case", token)).path("metadata").path("uid").asText();
        for (String filter : new String[] {"integration=op-case", "integration=" + uid, "eventSource=op-hello"}) {
            JsonNode items = json(get("/api/v1/events?" + filter, token)).path("items");
            assertTrue(filter + ": " + items, items.toString().contains(id));
        }
        assertJsonError(get("/api/v1/events?integration=no-such-integration", token), 404, "not_found");
        assertJsonError(get("/api/v1/events?eventSource=no-such-source", token), 404, "not_found");
        assertJsonError(get("/api/v1/executions?integration=no-such-integration", token), 404, "not_found");
    }

    @Test
    public void badInputIsAJsonFourHundredAndNothingIsStored() throws Exception {
        String token = adminToken();
        HttpResponse<String> unknown = send("POST", "/api/v1/connections/authorize", token, "application/json",
                "{\"type\": \"google/oidc@1\", \"name\": \"mine\", \"successUrl\": \"https://example.com\"}");
        assertJsonError(unknown, 400, "unknown_field");
        assertTrue(unknown.body(), unknown.body().contains("'successUrl'"));

        String yaml = "kind: Secret\nmetadata: {name: op-plain}\nspec: {data: {k: v}}\n";
        assertJsonError(send("POST", "/api/v1/apply", token, "text/plain", yaml), 415, "unsupported_media_type");
        assertJsonError(get("/api/v1/secrets/op-plain", token), 404, "not_found");

        HttpResponse<String> alias = send("POST", "/api/v1/apply", token, "application/yaml", "kind: Integration\n"
                + "metadata:\n  name: &n op-alias\nspec:\n  type: TYPE_GITHUB\n  url: *n\n");
        assertEquals(alias.body(), 400, alias.statusCode());
        assertTrue(alias.body(), alias.body().contains("aliases are not supported (*n at line 6"));
        assertJsonError(get("/api/v1/integrations/op-alias", token), 404, "not_found");

        HttpResponse<String> malformed = send("POST", "/api/v1/connections/authorize", token, "application/json",
                "{\"type\": \"google/oidc@1\",");
        assertJsonError(malformed, 400, "bad_request");
        assertTrue(malformed.body(), malformed.body().contains("line 1") && malformed.body().contains("ends before"));
        assertFalse(malformed.body(), malformed.body().contains("Source:") || malformed.body().contains("JsonToken"));

        assertJsonError(send("POST", "/api/v1/connections/no-such-connection/refresh", token, null, null), 404, "not_found");
    }

    @Test
    public void healthIsReadyAndTheWebhookUrlFollowsTheHttpPort() throws Exception {
        String token = adminToken();
        waitFor("ready", Duration.ofSeconds(30), () -> send("GET", "/api/v1/health/ready", null, null, null).statusCode() == 200);
        JsonNode ready = json(send("GET", "/api/v1/health/ready", null, null, null));
        assertEquals("UP", ready.path("status").asText());
        assertEquals(200, send("GET", "/api/v1/health/live", null, null, null).statusCode());
        HttpResponse<String> openapi = send("GET", "/api/v1/openapi.json", null, null, null);
        assertEquals(openapi.body(), 200, openapi.statusCode());
        JsonNode document = json(openapi);
        assertTrue(document.path("openapi").asText(), document.path("openapi").asText().startsWith("3."));
        assertTrue(document.path("paths").has("/api/v1/connections/{id}/refresh"));
        HttpResponse<String> yaml = send("GET", "/api/v1/openapi.yaml", null, null, null);
        assertEquals(200, yaml.statusCode());
        assertTrue(yaml.headers().firstValue("Content-Type").orElse(""), yaml.headers().firstValue("Content-Type")
                .orElse("").startsWith("application/yaml"));
        assertTrue(yaml.body(), yaml.body().startsWith("openapi: 3."));
        // publicUrl is empty in etc/io.plugboard.core.cfg: the URL users paste follows the port Pax Web listens on
        String hook = applyTokenIntegration(token, "op-url", "TYPE_GITHUB", "http://127.0.0.1:9", "ghp_url", SECRET);
        assertTrue(hook, hook.startsWith("http://localhost:" + HTTP_PORT + "/webhooks/github/"));
    }

    /** One request written as raw bytes (so that nothing in between fixes it up), the whole answer read back. */
    private static String raw(String request) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", HTTP_PORT)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    public void errorsJettyAnswersItselfAreTheJsonErrorBody() throws Exception {
        for (String request : new String[] {
                "GET /webhooks/..%2f..%2fetc/x HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                "POST /webhooks/github/x HTTP/1.1\r\nHost: localhost\r\nBad Header\r\nConnection: close\r\n\r\n",
                "GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\nContent-Length: 12x\r\nConnection: close\r\n\r\n"}) {
            String answer = raw(request);
            String head = answer.substring(0, Math.max(0, answer.indexOf("\r\n\r\n")));
            String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
            assertTrue(request + " -> " + answer, head.startsWith("HTTP/1.1 400"));
            assertTrue(answer, head.toLowerCase(java.util.Locale.ROOT).contains("content-type: application/json"));
            JsonNode error = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
            assertEquals(answer, "bad_request", error.path("error").asText());
            assertFalse(answer, error.path("message").asText().isBlank() || body.contains("<h1>") || body.contains("Exception"));
        }
        assertJsonError(send("GET", "/webhooks/github/some-integration", null, null, null), 405, "method_not_allowed");
    }

    @Test
    public void aConnectionLivesInGitAsADocumentWithItsSecretReferenced() throws Exception {
        String token = adminToken();
        String docs = "kind: Secret\nmetadata: {name: op-gh}\nspec: {data: {token: ghp_from_git}}\n---\n"
                + "kind: Connection\nmetadata: {name: op-bot}\nspec:\n  type: github/token@1\n"
                + "  input: {token: {valueFrom: {secret: {name: op-gh, key: token}}}}\n---\n"
                + "kind: Integration\nmetadata: {name: op-with-bot}\nspec:\n  type: TYPE_GITHUB\n"
                + "  auth: {use: AUTH_TYPE_CONNECTION, connection: {type: github/token@1, name: op-bot}}\n";
        HttpResponse<String> created = send("POST", "/api/v1/apply", token, "application/yaml", docs);
        assertEquals(created.body(), 201, created.statusCode());
        JsonNode results = json(created).path("results");
        assertEquals(results.toString(), "Connection", results.get(1).path("kind").asText());
        assertEquals("created", results.get(1).path("action").asText());
        String uid = results.get(1).path("uid").asText();
        JsonNode connection = json(get("/api/v1/connections/" + uid, token));
        assertEquals(connection.toString(), "op-bot", connection.path("name").asText());
        assertEquals("github/token@1", connection.path("type").asText());
        assertFalse("the value is never shown", connection.toString().contains("ghp_from_git"));

        HttpResponse<String> again = send("POST", "/api/v1/apply", token, "application/yaml", docs);
        assertEquals(again.body(), 200, again.statusCode());
        assertEquals("unchanged", json(again).path("results").get(1).path("action").asText());
        HttpResponse<String> rotated = send("POST", "/api/v1/apply", token, "application/yaml",
                docs.replace("ghp_from_git", "ghp_rotated"));
        assertEquals("updated", json(rotated).path("results").get(1).path("action").asText());
        assertEquals(2, json(rotated).path("results").get(1).path("generation").asInt());

        HttpResponse<String> bad = send("POST", "/api/v1/apply", token, "application/yaml",
                "kind: Secret\nmetadata: {name: op-new}\nspec: {data: {token: t}}\n---\n"
                        + "kind: Connection\nmetadata: {name: op-bad}\nspec:\n  type: github/token@1\n"
                        + "  input: {token: {valueFrom: {secret: {name: op-new, key: nope}}}}\n");
        assertJsonError(bad, 400, "invalid");
        assertTrue(bad.body(), bad.body().contains("spec.input.token.valueFrom.secret.key"));
        assertJsonError(get("/api/v1/secrets/op-new", token), 404, "not_found");
    }
}
