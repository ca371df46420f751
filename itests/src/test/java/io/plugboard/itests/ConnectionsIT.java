package io.plugboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.plugboard.api.provider.AuthMode;
import io.plugboard.api.provider.EventType;
import io.plugboard.api.provider.Provider;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;

/**
 * Connection types and connections in the running server. The "stub" provider is registered by this test from its
 * own probe bundle, whose {@code connections/} folder (itests/src/test/resources/connections) declares types whose
 * probes call the WireMock server the build starts (stubs in itests/src/test/wiremock/mappings).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConnectionsIT extends PlugboardTestSupport {

    private static final Duration WITHIN = Duration.ofSeconds(10);
    private static final String JSON_TYPE = "application/json";
    private static final String GITHUB = "io.plugboard.provider.github";
    private static final String PAGERDUTY = "io.plugboard.provider.pagerduty";

    private ServiceRegistration<Provider> stub;
    private String token;

    @Before
    public void registerStubProviderAndClean() throws Exception {
        token = adminToken();
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(Provider.PROVIDER_PROPERTY, "stub");
        stub = bundleContext.registerService(Provider.class, new Provider() {
            public String id() { return "stub"; }
            public String name() { return "Stub API"; }
            public Set<AuthMode> authModes() { return Set.of(AuthMode.TOKEN); }
            public List<EventType> eventTypes() { return List.of(); }
        }, props);
        waitFor("stub/token@1 listed", WITHIN, () -> typesJson().contains("\"stub/token@1\""));
        for (JsonNode c : json(get("/api/v1/connections", token)).path("items")) {
            assertEquals(204, send("DELETE", "/api/v1/connections/" + c.path("id").asText(), token, null, null).statusCode());
        }
    }

    @After
    public void unregisterStub() {
        if (stub != null) {
            stub.unregister();
        }
    }

    @Test
    public void connectionTypesAppearAndDisappearWithTheirBundle() throws Exception {
        JsonNode types = json(get("/api/v1/connection-types", token));
        List<String> refs = texts(types.path("items"), "type");
        assertTrue(refs.toString(), refs.containsAll(List.of("github/token@1", "github/user-password@1", "pagerduty/token@1",
                "stub/token@1", "stub/xml@1", "stub/hook@2")));
        // the invalid file is reported with its reason, the provider's other types are there
        JsonNode broken = find(types.path("invalid"), "file", "connections/broken@3.yaml");
        assertEquals("stub", broken.path("provider").asText());
        assertTrue(broken.toString(), broken.path("reason").asText().contains("version"));

        JsonNode github = json(get("/api/v1/connection-types/github/token@1", token));
        assertEquals("https://api.github.com/user", github.path("probe").path("url").asText());
        JsonNode field = github.path("sources").get(0).path("form").get(0);
        assertEquals("token", field.path("name").asText());
        assertTrue(field.toString(), field.path("writeOnly").asBoolean());
        assertJsonError(get("/api/v1/connection-types/github/token@9", token), 404, "not_found");

        Bundle bundle = bundle(GITHUB);
        bundle.stop();
        try {
            waitFor("github types gone", WITHIN, () -> !typesJson().contains("\"github/"));
            assertJsonError(get("/api/v1/connection-types/github/token@1", token), 404, "not_found");
        } finally {
            bundle.start();
        }
        waitFor("github types back", WITHIN, () -> typesJson().contains("\"github/token@1\""));

        stub.unregister();
        stub = null;
        waitFor("stub types gone with their provider", WITHIN, () -> !typesJson().contains("\"stub/"));
    }

    @Test
    public void aFormConnectionShowsItsDisplayOnceObjectOnceAndNeverItsValues() throws Exception {
        HttpResponse<String> created = send("POST", "/api/v1/connections", token, JSON_TYPE,
                "{\"type\":\"stub/hook@2\",\"name\":\"deploys\",\"input\":{\"url\":\"https://example.com/hook\"}}");
        assertEquals(created.body(), 201, created.statusCode());
        JsonNode body = json(created);
        String secret = body.path("displayOnce").path("signingSecret").asText();
        assertTrue(body.toString(), secret.length() >= 43);
        String id = body.path("id").asText();
        assertEquals("Unknown", body.path("status").path("state").asText());

        String again = get("/api/v1/connections/" + id, token).body();
        String list = get("/api/v1/connections", token).body();
        for (String text : List.of(again, list)) {
            assertFalse(text, text.contains(secret));
            assertFalse(text, text.contains("example.com/hook"));
            assertFalse(text, text.contains("displayOnce"));
        }
        assertEquals("deploys", json(get("/api/v1/connections/" + id, token)).path("name").asText());
        String shown = executeCommand("plugboard:connection-get stub/hook@2 deploys") + executeCommand("plugboard:connection-list");
        assertFalse(shown, shown.contains(secret));
        assertTrue(shown, shown.contains("deploys"));

        // the same name again: 409, nothing changed; bad input: 400 naming the field; unknown type: 404
        assertJsonError(send("POST", "/api/v1/connections", token, JSON_TYPE,
                "{\"type\":\"stub/hook@2\",\"name\":\"deploys\",\"input\":{\"url\":\"https://other.example\"}}"), 409, "conflict");
        HttpResponse<String> invalid = send("POST", "/api/v1/connections", token, JSON_TYPE,
                "{\"type\":\"stub/token@1\",\"name\":\"no-token\",\"input\":{\"login\":\"x\",\"extra\":1}}");
        assertJsonError(invalid, 400, "invalid");
        List<String> fields = texts(json(invalid).path("details"), "field");
        assertTrue(fields.toString(), fields.containsAll(List.of("input.token", "input.extra")));
        assertJsonError(send("POST", "/api/v1/connections", token, JSON_TYPE,
                "{\"type\":\"nope/token@1\",\"name\":\"x\",\"input\":{}}"), 404, "not_found");
        assertJsonError(send("POST", "/api/v1/connections", token, JSON_TYPE,
                "{\"type\":\"not a type\",\"name\":\"x\"}"), 400, "bad_request");
        assertJsonError(send("POST", "/api/v1/connections", token, JSON_TYPE, "{not json"), 400, "bad_request");
        assertEquals(1, json(get("/api/v1/connections", token)).path("items").size());

        assertEquals(204, send("DELETE", "/api/v1/connections/" + id, token, null, null).statusCode());
        assertJsonError(get("/api/v1/connections/" + id, token), 404, "not_found");
    }

    @Test
    public void theProbeFindsHealthAndSubjectByJsonPointerOrXPath() throws Exception {
        String good = create("stub/token@1", "good", "{\"token\":\"good-token\"}");
        JsonNode healthy = json(send("POST", "/api/v1/connections/" + good + "/test", token, null, null));
        assertEquals(healthy.toString(), "Healthy", healthy.path("status").path("state").asText());
        assertEquals("octocat", healthy.path("subject").path("sub").asText());
        assertEquals("The Octocat", healthy.path("subject").path("name").asText());
        assertEquals("octocat@example.com", healthy.path("subject").path("email").asText());
        assertEquals("https://github.com/octocat", healthy.path("subject").path("profile").asText());
        assertTrue(healthy.path("status").has("checkedAt"));

        String bad = create("stub/token@1", "revoked", "{\"token\":\"revoked-token\"}");
        JsonNode unhealthy = json(send("POST", "/api/v1/connections/" + bad + "/test", token, null, null));
        assertEquals("Unhealthy", unhealthy.path("status").path("state").asText());
        assertTrue(unhealthy.toString(), unhealthy.path("status").path("reason").asText().contains("401"));
        assertFalse(unhealthy.toString(), unhealthy.toString().contains("revoked-token"));

        String xml = create("stub/xml@1", "xml", "{\"apiKey\":\"xml-key\"}");
        JsonNode mapped = json(send("POST", "/api/v1/connections/" + xml + "/test", token, null, null));
        assertEquals(mapped.toString(), "Healthy", mapped.path("status").path("state").asText());
        assertEquals("acct-42", mapped.path("subject").path("sub").asText());
        assertEquals("Ada Lovelace", mapped.path("subject").path("name").asText());
        assertEquals("ada@example.com", mapped.path("subject").path("email").asText());

        // the shell shows the same, and tests by type and name
        String tested = executeCommand("plugboard:connection-test stub/token@1 good");
        assertTrue(tested, tested.contains("Healthy") && tested.contains("octocat"));
        String listed = executeCommand("plugboard:connection-list --type stub/token@1");
        assertTrue(listed, listed.contains("revoked") && listed.contains("Unhealthy"));
        assertFalse(listed, listed.contains("good-token"));
    }

    @Test
    public void expressionsResolveConnectionsWithSecretsMasked() throws Exception {
        create("stub/token@1", "mine", "{\"token\":\"good-token\",\"login\":\"octocat\"}");
        JsonNode resolved = json(send("POST", "/api/v1/expressions/resolve", token, JSON_TYPE,
                "{\"template\":{\"user\":\"${connections.stub.mine.login}\",\"auth\":\"${connections.'stub/token@1'.mine}\"}}"));
        assertEquals(resolved.toString(), "octocat", resolved.path("value").path("user").asText());
        assertEquals("********", resolved.path("value").path("auth").path("token").asText());
        assertFalse(resolved.toString(), resolved.toString().contains("good-token"));
        assertJsonError(send("POST", "/api/v1/expressions/resolve", token, JSON_TYPE,
                "{\"template\":\"${connections.stub.nobody}\"}"), 400, "bad_request");
        assertJsonError(send("POST", "/api/v1/expressions/resolve", token, JSON_TYPE,
                "{\"template\":\"${connections.stub}\"}"), 400, "bad_request");
    }

    @Test
    public void aShellUserCreatesAConnectionAtPromptsWithTheSecretMasked() throws Exception {
        String types = executeCommand("plugboard:connection-type-list");
        assertTrue(types, types.contains("github/token@1") && types.contains("broken@3.yaml"));
        String info = executeCommand("plugboard:connection-type-info stub/token@1");
        assertTrue(info, info.contains("http://127.0.0.1:18481/user") && info.contains("token"));
        String out = executeCommand("plugboard:connection-create stub/token@1 typed", "good-token\noctocat\n");
        assertFalse(out, out.contains("good-token"));
        String id = json(get("/api/v1/connections?type=stub/token@1", token)).path("items").get(0).path("id").asText();
        assertEquals("typed", json(get("/api/v1/connections/" + id, token)).path("name").asText());
        assertEquals("Healthy", json(send("POST", "/api/v1/connections/" + id + "/test", token, null, null))
                .path("status").path("state").asText());
        executeCommand("plugboard:connection-delete stub/token@1 typed");
        assertJsonError(get("/api/v1/connections/" + id, token), 404, "not_found");
    }

    @Test
    public void aDataOnlyProviderIsHotDeployed() throws Exception {
        Bundle boot = bundle(PAGERDUTY);
        assertTrue("the boot copy has no classes", boot.findEntries("/", "*.class", true) == null);
        executeCommand("bundle:uninstall " + PAGERDUTY);
        waitFor("pagerduty gone", WITHIN, () -> !get("/api/v1/providers", token).body().contains("\"pagerduty\""));
        assertFalse(typesJson().contains("\"pagerduty/"));

        Path deploy = Paths.get(System.getProperty("karaf.base"), "deploy");
        Files.createDirectories(deploy);
        Path jar = deploy.resolve("pagerduty-provider.jar");
        Path staged = deploy.resolve("pagerduty-provider.jar.part");
        Files.copy(Paths.get(System.getProperty("karaf.home"), "system", "io", "plugboard", PAGERDUTY, "0.1.0-SNAPSHOT",
                PAGERDUTY + "-0.1.0-SNAPSHOT.jar"), staged, StandardCopyOption.REPLACE_EXISTING);
        Files.move(staged, jar, StandardCopyOption.ATOMIC_MOVE);
        waitFor("pagerduty provider deployed", WITHIN, () -> get("/api/v1/providers", token).body().contains("\"pagerduty\""));
        waitFor("pagerduty/token@1 listed", WITHIN, () -> typesJson().contains("\"pagerduty/token@1\""));
        JsonNode type = json(get("/api/v1/connection-types/pagerduty/token@1", token));
        assertEquals("https://api.pagerduty.com/users/me", type.path("probe").path("url").asText());

        Files.delete(jar);
        waitFor("pagerduty gone again", WITHIN, () -> !get("/api/v1/providers", token).body().contains("\"pagerduty\""));
        waitFor("its types gone", WITHIN, () -> !typesJson().contains("\"pagerduty/"));

        // as it was for the other tests
        executeCommand("bundle:install -s mvn:io.plugboard/" + PAGERDUTY + "/0.1.0-SNAPSHOT");
        waitFor("pagerduty back", WITHIN, () -> typesJson().contains("\"pagerduty/token@1\""));
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private String create(String type, String name, String input) throws Exception {
        HttpResponse<String> created = send("POST", "/api/v1/connections", token, JSON_TYPE,
                "{\"type\":\"" + type + "\",\"name\":\"" + name + "\",\"input\":" + input + "}");
        assertEquals(created.body(), 201, created.statusCode());
        return json(created).path("id").asText();
    }

    private String typesJson() throws Exception {
        return get("/api/v1/connection-types", token).body();
    }

    private static List<String> texts(JsonNode array, String field) {
        java.util.ArrayList<String> values = new java.util.ArrayList<>();
        array.forEach(n -> values.add(n.path(field).asText()));
        return values;
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (value.equals(n.path(field).asText())) {
                return n;
            }
        }
        throw new AssertionError("no " + field + "=" + value + " in " + array);
    }
}
