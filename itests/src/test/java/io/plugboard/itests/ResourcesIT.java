package io.plugboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import io.plugboard.api.outbound.ApiClient;
import io.plugboard.api.provider.ActionException;
import io.plugboard.api.provider.HookNeed;
import io.plugboard.api.provider.HookSpec;
import io.plugboard.api.provider.AuthMode;
import io.plugboard.api.provider.EventType;
import io.plugboard.api.provider.IntegrationContext;
import io.plugboard.api.provider.Provider;
import io.plugboard.api.provider.Provisioner;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;

/**
 * Secrets, integrations and event sources through the REST API and the shell of the running server: the documented
 * examples, round trips, a table of bad input, encryption at rest, key rotation, and provisioning that follows the
 * provider.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ResourcesIT extends PlugboardTestSupport {

    private static final String YAML = "application/yaml";

    /** Each test starts from an empty store (they share one server). */
    @Before
    public void deleteEverything() throws Exception {
        String token = adminToken();
        for (String plural : List.of("eventsources", "integrations", "secrets")) {
            for (JsonNode item : json(get("/api/v1/" + plural, token)).path("items")) {
                JsonNode m = item.path("metadata");
                String query = "?organization=" + m.path("organization").asText()
                        + (m.has("canvasId") ? "&canvasId=" + m.path("canvasId").asText() : "") + "&cascade=true";
                assertEquals(204, send("DELETE", "/api/v1/" + plural + "/" + m.path("name").asText() + query, token, null, null)
                        .statusCode());
            }
        }
    }

    private String examples() throws Exception {
        return Files.readString(Paths.get(System.getProperty("karaf.home"), "examples", "semaphore.yaml"));
    }

    @Test
    public void theExamplesRoundTripThroughRest() throws Exception {
        String token = adminToken();
        HttpResponse<String> created = send("POST", "/api/v1/apply", token, YAML, examples());
        assertEquals(created.body(), 201, created.statusCode());
        JsonNode results = json(created).path("results");
        assertEquals(3, results.size());
        for (JsonNode r : results) {
            assertEquals(r.toString(), "created", r.path("action").asText());
        }
        assertEquals("EventSource", results.get(2).path("kind").asText());
        assertEquals("a1787a2e-dba7-42d0-8431-31dbf0252b92", results.get(2).path("canvasId").asText());

        HttpResponse<String> again = send("POST", "/api/v1/apply", token, YAML, examples());
        assertEquals(200, again.statusCode());
        for (JsonNode r : json(again).path("results")) {
            assertEquals("unchanged", r.path("action").asText());
        }

        HttpResponse<String> secrets = get("/api/v1/secrets", token);
        assertEquals(200, secrets.statusCode());
        assertFalse("no value in " + secrets.body(), secrets.body().contains("s3cr3t"));
        JsonNode secret = json(secrets).path("items").get(0);
        assertEquals("semaphore", secret.path("metadata").path("name").asText());
        assertEquals("[\"token\"]", secret.path("spec").path("keys").toString());

        JsonNode integration = json(get("/api/v1/integrations/semaphore-integration", token));
        assertEquals("TYPE_SEMAPHORE", integration.path("spec").path("type").asText());
        assertEquals(1, integration.path("metadata").path("generation").asInt());
        assertTrue(integration.path("status").path("webhookUrl").asText()
                .endsWith("/webhooks/semaphore/" + integration.path("metadata").path("uid").asText()));
        // Semaphore has a provisioner: the example's notification is attempted at its url, which cannot be reached
        // from here (Pending, retried) or refuses the example's token (Failed) - either way it is not left unattempted
        waitFor("provisioning attempted", Duration.ofSeconds(10), () -> json(get("/api/v1/integrations/semaphore-integration",
                token)).path("status").path("provisioning").has("lastAttempt"));
        JsonNode provisioning = json(get("/api/v1/integrations/semaphore-integration", token)).path("status").path("provisioning");
        assertTrue(provisioning.toString(), List.of("Pending", "Failed").contains(provisioning.path("state").asText()));
        assertTrue(provisioning.toString(), provisioning.path("reason").asText().contains("notification")
                || provisioning.path("reason").asText().contains("secret"));

        HttpResponse<String> yaml = get("/api/v1/eventsources/my-specific-project?canvasId=a1787a2e-dba7-42d0-8431-31dbf0252b92&output=yaml", token);
        assertEquals(200, yaml.statusCode());
        assertTrue(yaml.headers().firstValue("Content-Type").orElse(""), yaml.headers().firstValue("Content-Type").orElse("").contains("yaml"));
        assertTrue(yaml.body(), yaml.body().contains("project: \"semaphore-demo-go\"") || yaml.body().contains("project: semaphore-demo-go"));
        assertJsonError(get("/api/v1/eventsources/my-specific-project", token), 404, "not_found"); // it lives in the canvas

        HttpResponse<String> inUse = send("DELETE", "/api/v1/secrets/semaphore", token, null, null);
        assertJsonError(inUse, 409, "conflict");
        assertTrue(inUse.body(), inUse.body().contains("semaphore-integration"));
        assertJsonError(send("DELETE", "/api/v1/integrations/semaphore-integration", token, null, null), 409, "conflict");
        assertEquals(204, send("DELETE", "/api/v1/integrations/semaphore-integration?cascade=true", token, null, null).statusCode());
        assertEquals(0, json(get("/api/v1/eventsources", token)).path("items").size());
        assertEquals(204, send("DELETE", "/api/v1/secrets/semaphore", token, null, null).statusCode());
        assertJsonError(get("/api/v1/secrets/semaphore", token), 404, "not_found");
    }

    /** One bad input: what is sent and what must come back. Nothing may be stored by any of them. */
    private record Bad(String what, String contentType, String body, int status, String field) {
    }

    @Test
    public void badInputIsRefusedWithTheFieldAndStoresNothing() throws Exception {
        String token = adminToken();
        String secret = "kind: Secret\nmetadata: {name: base}\nspec: {data: {token: t0ken}}\n";
        String integration = "kind: Integration\nmetadata: {name: base}\nspec: {type: TYPE_SEMAPHORE, auth: {use: AUTH_TYPE_TOKEN, "
                + "token: {valueFrom: {secret: {name: base, key: token}}}}}\n";
        assertEquals(201, send("POST", "/api/v1/apply", token, YAML, secret + "---\n" + integration).statusCode());
        String es = "kind: EventSource\nmetadata: {name: es, canvasId: c1}\nspec: {integration: {domain: ORGANIZATION, name: base}, ";
        String in = "kind: Integration\nmetadata: {name: i2}\nspec: ";
        List<Bad> table = List.of(
            new Bad("empty body", YAML, "", 400, null),
            new Bad("HTML", "text/html", "<p>hi</p>", 415, null),
            new Bad("YAML syntax", YAML, "kind: [Secret\n", 400, ""),
            new Bad("JSON syntax", "application/json", "{\"kind\": ", 400, ""),
            new Bad("a list, not a mapping", YAML, "- a\n- b\n", 400, ""),
            new Bad("a scalar", YAML, "hello\n", 400, ""),
            new Bad("no kind", YAML, "metadata: {name: a}\nspec: {}\n", 400, "kind"),
            new Bad("unknown kind", YAML, "kind: Secrets\nmetadata: {name: a}\nspec: {}\n", 400, "kind"),
            new Bad("apiVersion v2", YAML, "apiVersion: v2\n" + secret.replace("base", "a"), 400, "apiVersion"),
            new Bad("no metadata", YAML, "kind: Secret\nspec: {data: {k: v}}\n", 400, "metadata"),
            new Bad("no name", YAML, "kind: Secret\nmetadata: {}\nspec: {data: {k: v}}\n", 400, "metadata.name"),
            new Bad("upper-case name", YAML, secret.replace("base", "Base"), 400, "metadata.name"),
            new Bad("name of 64", YAML, secret.replace("base", "a".repeat(64)), 400, "metadata.name"),
            new Bad("bad canvas id", YAML, secret.replace("{name: base}", "{name: a, canvasId: 'a b'}"), 400, "metadata.canvasId"),
            new Bad("unknown metadata field", YAML, secret.replace("{name: base}", "{name: a, labels: {}}"), 400, "metadata.labels"),
            new Bad("no spec", YAML, "kind: Secret\nmetadata: {name: a}\n", 400, "spec"),
            new Bad("secret without data", YAML, "kind: Secret\nmetadata: {name: a}\nspec: {}\n", 400, "spec.data"),
            new Bad("secret with empty data", YAML, "kind: Secret\nmetadata: {name: a}\nspec: {data: {}}\n", 400, "spec.data"),
            new Bad("secret value a number", YAML, "kind: Secret\nmetadata: {name: a}\nspec: {data: {token: 12}}\n", 400, "spec.data.token"),
            new Bad("integration without type", YAML, in + "{url: 'https://x.example'}\n", 400, "spec.type"),
            new Bad("type not TYPE_", YAML, in + "{type: semaphore}\n", 400, "spec.type"),
            new Bad("no such provider", YAML, in + "{type: TYPE_NOPE}\n", 400, "spec.type"),
            new Bad("unknown auth.use", YAML, in + "{type: TYPE_SEMAPHORE, auth: {use: AUTH_TYPE_PASSWORD}}\n", 400, "spec.auth.use"),
            new Bad("token auth without token", YAML, in + "{type: TYPE_SEMAPHORE, auth: {use: AUTH_TYPE_TOKEN}}\n", 400, "spec.auth.token"),
            new Bad("secret ref without key", YAML, in + "{type: TYPE_SEMAPHORE, auth: {use: AUTH_TYPE_TOKEN, token: {valueFrom: {secret: {name: base}}}}}\n",
                    400, "spec.auth.token.valueFrom.secret.key"),
            new Bad("missing secret", YAML, integration.replace("name: base, key", "name: nope, key").replace("{name: base}", "{name: i2}"),
                    400, "spec.auth.token.valueFrom.secret.name"),
            new Bad("missing secret key", YAML, integration.replace("key: token", "key: password").replace("{name: base}", "{name: i2}"),
                    400, "spec.auth.token.valueFrom.secret.key"),
            new Bad("url not http", YAML, in + "{type: TYPE_SEMAPHORE, url: 'ftp://x.example'}\n", 400, "spec.url"),
            new Bad("unknown spec field", YAML, in + "{type: TYPE_SEMAPHORE, colour: red}\n", 400, "spec.colour"),
            new Bad("oidc.enabled not boolean", YAML, in + "{type: TYPE_SEMAPHORE, oidc: {enabled: maybe}}\n", 400, "spec.oidc.enabled"),
            new Bad("event source without integration", YAML, "kind: EventSource\nmetadata: {name: es}\nspec: {semaphore: {project: p}}\n", 400, "spec.integration"),
            new Bad("bad domain", YAML, es.replace("ORGANIZATION", "GLOBAL") + "semaphore: {project: p}}\n", 400, "spec.integration.domain"),
            new Bad("CANVAS without canvasId", YAML, es.replace(", canvasId: c1", "").replace("ORGANIZATION", "CANVAS") + "semaphore: {project: p}}\n",
                    400, "spec.integration.domain"),
            new Bad("no such integration", YAML, es.replace("name: base}", "name: nope}") + "semaphore: {project: p}}\n", 400, "spec.integration.name"),
            new Bad("filter block of another provider", YAML, es + "github: {repository: r}}\n", 400, "spec.github"),
            new Bad("undeclared filter field", YAML, es + "semaphore: {repository: r}}\n", 400, "spec.semaphore.repository"),
            new Bad("the same resource twice", YAML, secret.replace("base", "twice") + "---\n" + secret.replace("base", "twice"), 400, "metadata.name"),
            new Bad("valid first, invalid second", YAML, secret.replace("base", "first") + "---\n" + in + "{type: TYPE_NOPE}\n", 400, "spec.type"),
            new Bad("duplicate YAML key", YAML, "kind: Secret\nkind: Secret\nmetadata: {name: a}\nspec: {data: {k: v}}\n", 400, ""));
        assertTrue("at least 25 bad documents", table.size() >= 25);

        int[] before = counts(token);
        List<String> failures = new ArrayList<>();
        for (Bad bad : table) {
            HttpResponse<String> r = send("POST", "/api/v1/apply", token, bad.contentType(), bad.body());
            String verdict = check(bad, r);
            if (verdict != null) {
                failures.add(bad.what() + ": " + verdict);
            }
        }
        assertEquals("failures:\n" + String.join("\n", failures), List.of(), failures);
        assertEquals("nothing stored", List.of(before[0], before[1], before[2]), List.of(counts(token)[0], counts(token)[1], counts(token)[2]));

        // the other endpoints' bad input
        assertJsonError(get("/api/v1/secrets/nope", token), 404, "not_found");
        assertJsonError(get("/api/v1/widgets", token), 404, "not_found");
        assertJsonError(get("/api/v1/secrets?output=xml", token), 400, "bad_request");
        assertJsonError(send("DELETE", "/api/v1/secrets/nope", token, null, null), 404, "not_found");
    }

    private String check(Bad bad, HttpResponse<String> r) {
        if (r.statusCode() != bad.status()) {
            return "status " + r.statusCode() + " " + r.body();
        }
        if (!r.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
            return "not JSON: " + r.body();
        }
        JsonNode body = json(r);
        if (!body.path("error").isTextual() || body.path("message").asText().isBlank() || r.body().contains("Exception")) {
            return "error shape " + r.body();
        }
        if (bad.field() != null) {
            JsonNode details = body.path("details");
            boolean found = false;
            for (JsonNode d : details) {
                found |= bad.field().equals(d.path("field").asText());
            }
            if (!found) {
                return "no detail for field '" + bad.field() + "' in " + r.body();
            }
        }
        return null;
    }

    private int[] counts(String token) throws Exception {
        return new int[] {json(get("/api/v1/secrets", token)).path("items").size(),
            json(get("/api/v1/integrations", token)).path("items").size(),
            json(get("/api/v1/eventsources", token)).path("items").size()};
    }

    @Test
    public void theShellAppliesListsShowsSetsAndDeletes() throws Exception {
        Path folder = Files.createTempDirectory("plugboard-apply");
        Files.copy(Paths.get(System.getProperty("karaf.home"), "examples", "semaphore.yaml"), folder.resolve("1-semaphore.yaml"));
        Files.writeString(folder.resolve("2-github.yml"), "kind: Secret\nmetadata: {name: github, canvasId: c9}\nspec: {data: {pat: ghp_x}}\n");
        Files.writeString(folder.resolve("README.txt"), "not a resource");

        String applied = executeCommand("plugboard:apply " + folder);
        assertTrue(applied, applied.contains("secret/semaphore created"));
        assertTrue(applied, applied.contains("integration/semaphore-integration created"));
        assertTrue(applied, applied.contains("eventsource/my-specific-project (default/a1787a2e-dba7-42d0-8431-31dbf0252b92) created"));
        assertTrue(applied, applied.contains("secret/github (default/c9) created"));
        assertTrue(executeCommand("plugboard:apply " + folder).contains("secret/semaphore unchanged"));

        String secrets = executeCommand("plugboard:secret-list");
        assertTrue(secrets, secrets.matches("(?s).*semaphore\\s+\\|\\s+default\\s+\\|.*token.*"));
        assertFalse(secrets.contains("s3cr3t"));
        String integrations = executeCommand("plugboard:integration-list");
        assertTrue(integrations, integrations.contains("TYPE_SEMAPHORE"));
        String shown = executeCommand("plugboard:integration-get semaphore-integration");
        assertTrue(shown, shown.contains("semaphore.semaphoreci.com"));

        String set = executeCommand("plugboard:secret-set semaphore second", "typed-s3cret\n");
        assertTrue(set, set.contains("secret/semaphore key second set"));
        assertFalse("the typed value is not echoed: " + set, set.contains("typed-s3cret"));
        assertTrue(executeCommand("plugboard:secret-get semaphore").contains("second"));

        String bad = executeCommandExpectingFailure("plugboard:apply " + write("kind: Secret\nmetadata: {name: Bad}\nspec: {data: {k: v}}\n"));
        assertTrue(bad, bad.contains("1"));
        String inUse = executeCommandExpectingFailure("plugboard:secret-delete semaphore");
        assertTrue(inUse, inUse.contains("semaphore-integration"));
        assertTrue(executeCommand("plugboard:eventsource-delete -c a1787a2e-dba7-42d0-8431-31dbf0252b92 my-specific-project")
                .contains("deleted"));
        assertTrue(executeCommand("plugboard:integration-delete semaphore-integration").contains("deleted"));
        assertTrue(executeCommand("plugboard:secret-delete semaphore").contains("deleted"));
        assertFalse(executeCommand("plugboard:secret-list").contains("semaphore"));
        executeCommand("plugboard:secret-delete -c c9 github");
    }

    private static Path write(String text) throws Exception {
        Path file = Files.createTempFile("bad", ".yaml");
        Files.writeString(file, text);
        return file;
    }

    @Test
    public void secretsAreEncryptedAtRestAndSurviveKeyRotation() throws Exception {
        String token = adminToken();
        String canary = "plaintext-canary-" + System.nanoTime();
        String marker = "marker-" + Math.abs(System.nanoTime() % 100000);
        HttpResponse<String> applied = send("POST", "/api/v1/apply", token, YAML,
                "kind: Secret\nmetadata: {name: " + marker + "}\nspec: {data: {value: " + canary + "}}\n");
        assertEquals(applied.body(), 201, applied.statusCode());
        Path db = dataDirectory().resolve("db.mv.db");
        // the secret's name is stored in clear text: once it is in the file, the value would be too
        waitFor("the H2 file holds the new secret", Duration.ofSeconds(30), () -> contains(db, marker));
        assertFalse("plaintext secret value in the H2 file", contains(db, canary));
        assertFalse("plaintext secret value in the log", contains(Paths.get(System.getProperty("karaf.data"), "log", "karaf.log"), canary));

        assertEquals("master key 0600", "rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDirectory().resolve("master.key"))));
        JsonNode keysBefore = json(get("/api/v1/keys", token)).path("items");
        HttpResponse<String> rotated = send("POST", "/api/v1/keys/rotate", token, null, null);
        assertEquals(rotated.body(), 200, rotated.statusCode());
        JsonNode result = json(rotated);
        assertTrue(result.toString(), result.path("reencrypted").asInt() >= 1);
        assertEquals(keysBefore.get(0).path("id").asText(), result.path("retired").get(0).asText());
        JsonNode keysAfter = json(get("/api/v1/keys", token)).path("items");
        assertEquals(1, keysAfter.size());
        assertEquals(result.path("newKeyId").asText(), keysAfter.get(0).path("id").asText());
        // every value was decrypted and re-encrypted: a second rotation re-encrypts the same number again
        assertEquals(result.path("reencrypted").asInt(), json(send("POST", "/api/v1/keys/rotate", token, null, null)).path("reencrypted").asInt());
        assertEquals(204, send("DELETE", "/api/v1/secrets/" + marker, token, null, null).statusCode());
    }

    private static boolean contains(Path file, String text) throws Exception {
        return new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1).contains(text);
    }

    @Test
    public void provisioningIsRetriedAndFollowsTheProvider() throws Exception {
        String token = adminToken();
        AtomicInteger calls = new AtomicInteger();
        List<String> tokensSeen = new ArrayList<>();
        Provisioner flaky = new Provisioner() {
            public Optional<HookNeed> hookFor(IntegrationContext integration, Map<String, Object> filter) {
                return Optional.of(new HookNeed("boards/" + filter.getOrDefault("board", "all"), Set.of(HookNeed.ALL)));
            }

            public String ensure(ApiClient api, HookSpec hook) throws ActionException {
                tokensSeen.add(hook.secret());
                if (calls.incrementAndGet() == 1) {
                    throw ActionException.retryable("acme answered 502", null);
                }
                return "77";
            }

            public void delete(ApiClient api, String target, String hookId) {
            }
        };
        List<ServiceRegistration<?>> acme = registerAcme(flaky);
        HttpResponse<String> applied = send("POST", "/api/v1/apply", token, YAML, "kind: Secret\nmetadata: {name: acme}\nspec: {data: {token: acme-t0ken}}\n---\n"
                + "kind: Integration\nmetadata: {name: acme}\nspec: {type: TYPE_ACME, url: 'https://acme.example', "
                + "auth: {use: AUTH_TYPE_TOKEN, token: {valueFrom: {secret: {name: acme, key: token}}}}}\n---\n"
                + "kind: EventSource\nmetadata: {name: acme-board}\nspec: {integration: {domain: ORGANIZATION, name: acme}, "
                + "acme: {board: b1}}\n");
        assertEquals(applied.body(), 201, applied.statusCode());
        waitFor("status Pending with the provisioner's message", Duration.ofSeconds(10),
                () -> acmeStatus(token).path("message").asText().contains("acme answered 502"));
        assertEquals("Pending", acmeStatus(token).path("provisioning").path("state").asText());
        waitFor("status Ready after the retry", Duration.ofSeconds(15), () -> "Ready".equals(acmeStatus(token).path("phase").asText()));
        assertEquals("boards/b1", acmeStatus(token).path("provisioning").path("hooks").get(0).path("target").asText());
        assertEquals("77", acmeStatus(token).path("provisioning").path("hooks").get(0).path("id").asText());
        assertTrue("the provisioner got the webhook secret", tokensSeen.get(1).startsWith("whsec_"));
        assertEquals(204, send("DELETE", "/api/v1/eventsources/acme-board", token, null, null).statusCode());

        acme.forEach(ServiceRegistration::unregister);
        waitFor("ProviderMissing while the provider is gone", Duration.ofSeconds(10), () -> "ProviderMissing".equals(acmeStatus(token).path("phase").asText()));
        acme = registerAcme(null);
        waitFor("Ready when it is back", Duration.ofSeconds(10), () -> "Ready".equals(acmeStatus(token).path("phase").asText()));
        assertEquals(204, send("DELETE", "/api/v1/integrations/acme", token, null, null).statusCode());
        assertEquals(204, send("DELETE", "/api/v1/secrets/acme", token, null, null).statusCode());
        acme.forEach(ServiceRegistration::unregister);
    }

    private JsonNode acmeStatus(String token) throws Exception {
        return json(get("/api/v1/integrations/acme", token)).path("status");
    }

    private List<ServiceRegistration<?>> registerAcme(Provisioner provisioner) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(Provider.PROVIDER_PROPERTY, "acme");
        List<ServiceRegistration<?>> regs = new ArrayList<>();
        regs.add(bundleContext.registerService(Provider.class, new Provider() {
            public String id() { return "acme"; }
            public String name() { return "Acme"; }
            public Set<AuthMode> authModes() { return Set.of(AuthMode.TOKEN); }
            public List<EventType> eventTypes() { return List.of(); }
            public List<String> filterFields() { return List.of("board"); }
            public io.plugboard.api.outbound.ApiEndpoint api(String url) {
                return io.plugboard.api.outbound.ApiEndpoint.of(url, "", "Bearer");
            }
        }, props));
        if (provisioner != null) {
            regs.add(bundleContext.registerService(Provisioner.class, provisioner, props));
        }
        return regs;
    }
}
