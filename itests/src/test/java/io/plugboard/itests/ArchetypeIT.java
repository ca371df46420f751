package io.plugboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * The providers {@code plugboard-provider-archetype} generates work in the server as they come out of it: the bundles
 * its build made from {@code archetypes/provider/src/test/resources/projects/{code,data}} (kind=code {@code acme},
 * kind=data {@code acmedata}) are dropped into deploy/, are listed by {@code GET /api/v1/providers} (the code one with
 * its webhook verifier, its action and its connection type, and taking a signed webhook), and are gone again when
 * the jar is deleted; nothing is logged as an error.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ArchetypeIT extends PlugboardTestSupport {

    /** Set by the itests pom: the jars archetypes/provider's archetype:integration-test built. */
    private static final String CODE_JAR = "plugboard.archetype.jar";
    private static final String DATA_JAR = "plugboard.archetype.dataJar";
    private static final Duration WITHIN = Duration.ofSeconds(10);
    private static final String HOOK_SECRET = "acme-webhook-secret";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The paths are read in the test JVM; the test methods run in the container, which gets them as properties. */
    @Override
    protected Option[] extraOptions() {
        List<Option> options = new ArrayList<>();
        for (String key : List.of(CODE_JAR, DATA_JAR)) {
            String value = System.getProperty(key);
            if (value != null) {
                options.add(systemProperty(key).value(value));
            }
        }
        return options.toArray(new Option[0]);
    }

    @Test
    public void aGeneratedCodeProviderIsDeployedListedAndUndeployed() throws Exception {
        String token = adminToken();
        int logLinesBefore = logLines().size();
        assertNull("acme is not there before its jar", provider(token, "acme"));

        Path jar = deploy(generatedJar(CODE_JAR), "acme-provider.jar");
        waitFor("acme in GET /api/v1/providers with its webhook verifier and action", WITHIN, () -> {
            JsonNode acme = provider(token, "acme");
            return acme != null && texts(acme.path("capabilities")).containsAll(List.of("webhooks", "actions"));
        });
        JsonNode acme = provider(token, "acme");
        assertEquals("Acme", acme.path("name").asText());
        assertEquals("org.example.acme.plugboard", acme.path("bundle").asText());
        assertEquals(List.of("TOKEN"), texts(acme.path("authModes")));
        assertEquals(List.of("run-job"), texts(acme.path("actions"), "name"));
        assertTrue(acme.toString(), texts(acme.path("eventTypes"), "name").contains("job_done"));

        // its connection type, read by the extender from connections/ in the bundle: a form with one secret field
        waitFor("acme/token@1 in GET /api/v1/connection-types", WITHIN,
                () -> texts(json(get("/api/v1/connection-types", token)).path("items"), "type").contains("acme/token@1"));
        JsonNode type = json(get("/api/v1/connection-types/acme/token@1", token));
        JsonNode field = type.path("sources").get(0).path("form").get(0);
        assertEquals(type.toString(), "token", field.path("name").asText());
        assertTrue(field.toString(), field.path("writeOnly").asBoolean());
        assertTrue(json(get("/api/v1/connection-types?provider=acme", token)).path("invalid").isEmpty());

        // a bundle like Plugboard's own providers: active, exports nothing
        Bundle bundle = bundle("org.example.acme.plugboard");
        assertEquals(Bundle.ACTIVE, bundle.getState());
        assertNull(bundle.getHeaders().get("Export-Package"));

        // its verifier takes a delivery signed with the integration's webhook secret and refuses a wrong signature
        String hook = applyTokenIntegration(token, "acme-it", "TYPE_ACME", "https://acme.example", "acme-api-token",
                HOOK_SECRET);
        String body = "{\"job\":{\"id\":\"42\",\"result\":\"passed\"}}";
        HttpResponse<String> accepted = webhook(hook, body, signature(HOOK_SECRET, body));
        assertEquals(accepted.body(), 202, accepted.statusCode());
        JsonNode event = json(get("/api/v1/events/" + json(accepted).path("id").asText(), token));
        assertEquals(event.toString(), "acme", event.path("provider").asText());
        assertEquals(event.toString(), "job_done", event.path("eventType").asText());
        assertEquals(42, event.path("body").path("job").path("id").asInt());
        assertJsonError(webhook(hook, body, signature("not the secret", body)), 401, "unauthorized");
        assertEquals(204, send("DELETE", "/api/v1/integrations/acme-it", token, null, null).statusCode());
        assertEquals(204, send("DELETE", "/api/v1/secrets/acme-it", token, null, null).statusCode());

        // the jar deleted: the provider and its connection type go
        Files.delete(jar);
        waitFor("acme gone from GET /api/v1/providers", WITHIN, () -> provider(token, "acme") == null);
        waitFor("acme/token@1 gone", WITHIN, () -> !get("/api/v1/connection-types", token).body().contains("\"acme/"));
        assertJsonError(get("/api/v1/providers/acme", token), 404, "not_found");
        assertNoErrorLoggedSince(logLinesBefore);
    }

    @Test
    public void aGeneratedDataProviderIsDeployedListedAndUndeployed() throws Exception {
        String token = adminToken();
        int logLinesBefore = logLines().size();
        assertNull(provider(token, "acmedata"));

        Path jar = deploy(generatedJar(DATA_JAR), "acmedata-provider.jar");
        // no code: the provider-file extender registers it from its provider.yaml
        waitFor("acmedata in GET /api/v1/providers", WITHIN, () -> provider(token, "acmedata") != null);
        JsonNode acmedata = provider(token, "acmedata");
        assertEquals("Acme Data", acmedata.path("name").asText());
        assertEquals("com.example.plugboard.acmedata", acmedata.path("bundle").asText());
        assertTrue(acmedata.toString(), acmedata.path("capabilities").isEmpty());

        Files.delete(jar);
        waitFor("acmedata gone from GET /api/v1/providers", WITHIN, () -> provider(token, "acmedata") == null);
        assertNoErrorLoggedSince(logLinesBefore);
    }

    /** The jar as the archetype module's build left it; that module is built before this one. */
    private static Path generatedJar(String property) {
        String path = System.getProperty(property);
        assertTrue(property + " is not set (itests/pom.xml passes it)", path != null);
        Path jar = Paths.get(path);
        assertTrue(jar + " does not exist: build archetypes/provider first (mvn install -pl archetypes/provider)",
                Files.isRegularFile(jar));
        return jar;
    }

    /** Copies {@code jar} into deploy/ under another name and renames it into place, so no half file is read. */
    private static Path deploy(Path jar, String name) throws Exception {
        Path deploy = Paths.get(System.getProperty("karaf.base"), "deploy");
        Files.createDirectories(deploy);
        Path target = deploy.resolve(name);
        Path staged = deploy.resolve(name + ".part");
        Files.copy(jar, staged, StandardCopyOption.REPLACE_EXISTING);
        Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    /** The provider {@code id} as listed by {@code GET /api/v1/providers}, {@code null} when it is not listed. */
    private JsonNode provider(String token, String id) throws Exception {
        HttpResponse<String> response = get("/api/v1/providers", token);
        assertEquals(response.body(), 200, response.statusCode());
        for (JsonNode p : json(response)) {
            if (id.equals(p.path("id").asText())) {
                return p;
            }
        }
        return null;
    }

    private HttpResponse<String> webhook(String hookUrl, String body, String signature) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(BASE + URI.create(hookUrl).getPath()))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .header("X-Acme-Signature-256", signature)
                .header("X-Acme-Delivery", UUID.randomUUID().toString())
                .header("X-Acme-Event", "job_done")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String signature(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.path(field).asText()));
        return values;
    }

    private static void assertNoErrorLoggedSince(int lines) throws Exception {
        List<String> errors = logLines().stream().skip(lines)
                .filter(line -> line.contains("| ERROR |") || line.contains("| WARN  |") && line.contains("Exception"))
                .collect(Collectors.toList());
        assertTrue("errors logged: " + errors, errors.isEmpty());
        assertFalse(errors.toString(), logLines().stream().skip(lines).anyMatch(l -> l.contains("provider.yaml") && l.contains("ignored")));
    }

    private static List<String> logLines() throws Exception {
        return Files.readAllLines(Paths.get(System.getProperty("karaf.data"), "log", "karaf.log"));
    }
}
