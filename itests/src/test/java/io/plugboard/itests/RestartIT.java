package io.plugboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The real thing, outside Pax Exam: the distribution unpacked and started with {@code bin/start}, resources applied,
 * stopped with {@code bin/stop}, started again — everything is still there, every secret value still decrypts (a key
 * rotation has to decrypt each one), and the database file holds no secret value in clear text.
 */
public class RestartIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private ExternalServer server;

    @Before
    public void unpack() throws Exception {
        server = new ExternalServer("restart-it", 18281, 18201, 11199, 44446);
    }

    @After
    public void stop() throws Exception {
        if (server != null && server.running()) {
            server.stop();
        }
    }

    @Test
    public void everythingIsThereAndDecryptsAfterARestart() throws Exception {
        server.start();
        String token = server.token();
        Path home = server.home;
        String examples = Files.readString(home.resolve("examples/semaphore.yaml"));
        HttpResponse<String> applied = server.request("POST", "/api/v1/apply", token, YAML, examples);
        assertEquals(applied.body(), 201, applied.statusCode());
        String canary = "restart-canary-" + System.nanoTime();
        assertEquals(201, server.request("POST", "/api/v1/apply", token, YAML,
                "kind: Secret\nmetadata: {name: canary, canvasId: c1}\nspec: {data: {a: " + canary + ", b: other}}\n").statusCode());
        JsonNode before = JSON.readTree(server.request("GET", "/api/v1/integrations/semaphore-integration", token, null, null).body());
        server.stop();

        byte[] db = Files.readAllBytes(home.resolve("data/plugboard/db.mv.db"));
        String raw = new String(db, StandardCharsets.ISO_8859_1);
        assertTrue("the database file was written", raw.contains("semaphore-integration"));
        assertFalse("secret value in clear text in the database file", raw.contains(canary) || raw.contains("s3cr3t"));

        server.start();
        assertEquals("the admin token is kept", token, server.token());
        JsonNode after = JSON.readTree(server.request("GET", "/api/v1/integrations/semaphore-integration", token, null, null).body());
        assertEquals(before.path("metadata").path("uid"), after.path("metadata").path("uid"));
        assertEquals(before.path("spec"), after.path("spec"));
        assertEquals(1, JSON.readTree(server.request("GET", "/api/v1/eventsources", token, null, null).body()).path("items").size());
        HttpResponse<String> unchanged = server.request("POST", "/api/v1/apply", token, YAML, examples);
        assertEquals("re-applying compares with the decrypted values: " + unchanged.body(), 200, unchanged.statusCode());
        for (JsonNode r : JSON.readTree(unchanged.body()).path("results")) {
            assertEquals("unchanged", r.path("action").asText());
        }
        JsonNode rotated = JSON.readTree(server.request("POST", "/api/v1/keys/rotate", token, null, null).body());
        // token, the canary's a and b, the integration's generated webhook secret, the OpenID Connect signing key
        assertEquals("every stored value decrypted and re-encrypted: " + rotated, 5, rotated.path("reencrypted").asInt());
    }

    private static final String YAML = "application/yaml";
}
