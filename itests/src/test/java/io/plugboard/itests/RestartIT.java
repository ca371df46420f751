package io.plugboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

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

    private static final int HTTP_PORT = 18281;
    private static final String BASE = "http://127.0.0.1:" + HTTP_PORT;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Path home;

    @Before
    public void unpack() throws Exception {
        Path dir = Paths.get("target", "restart-it").toAbsolutePath();
        run(List.of("rm", "-rf", dir.toString()));
        Files.createDirectories(dir);
        run(List.of("tar", "-xzf", System.getProperty("plugboard.distribution"), "-C", dir.toString()));
        try (var entries = Files.list(dir)) {
            home = entries.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        set("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", String.valueOf(HTTP_PORT));
        set("etc/org.apache.karaf.shell.cfg", "sshPort", "18201");
        set("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", "11199");
        set("etc/org.apache.karaf.management.cfg", "rmiServerPort", "44446");
    }

    @After
    public void stop() throws Exception {
        if (home != null && Files.exists(home.resolve("karaf.pid"))) {
            stopServer();
        }
    }

    @Test
    public void everythingIsThereAndDecryptsAfterARestart() throws Exception {
        startServer();
        String token = Files.readString(home.resolve("data/plugboard/admin.token")).trim();
        String examples = Files.readString(home.resolve("examples/semaphore.yaml"));
        HttpResponse<String> applied = request("POST", "/api/v1/apply", token, examples);
        assertEquals(applied.body(), 201, applied.statusCode());
        String canary = "restart-canary-" + System.nanoTime();
        assertEquals(201, request("POST", "/api/v1/apply", token,
                "kind: Secret\nmetadata: {name: canary, canvasId: c1}\nspec: {data: {a: " + canary + ", b: other}}\n").statusCode());
        JsonNode before = JSON.readTree(request("GET", "/api/v1/integrations/semaphore-integration", token, null).body());
        stopServer();

        byte[] db = Files.readAllBytes(home.resolve("data/plugboard/db.mv.db"));
        String raw = new String(db, StandardCharsets.ISO_8859_1);
        assertTrue("the database file was written", raw.contains("semaphore-integration"));
        assertFalse("secret value in clear text in the database file", raw.contains(canary) || raw.contains("s3cr3t"));

        startServer();
        assertEquals("the admin token is kept", token, Files.readString(home.resolve("data/plugboard/admin.token")).trim());
        JsonNode after = JSON.readTree(request("GET", "/api/v1/integrations/semaphore-integration", token, null).body());
        assertEquals(before.path("metadata").path("uid"), after.path("metadata").path("uid"));
        assertEquals(before.path("spec"), after.path("spec"));
        assertEquals(1, JSON.readTree(request("GET", "/api/v1/eventsources", token, null).body()).path("items").size());
        HttpResponse<String> unchanged = request("POST", "/api/v1/apply", token, examples);
        assertEquals("re-applying compares with the decrypted values: " + unchanged.body(), 200, unchanged.statusCode());
        for (JsonNode r : JSON.readTree(unchanged.body()).path("results")) {
            assertEquals("unchanged", r.path("action").asText());
        }
        JsonNode rotated = JSON.readTree(request("POST", "/api/v1/keys/rotate", token, null).body());
        // token, the canary's a and b, the integration's generated webhook secret
        assertEquals("every stored value decrypted and re-encrypted: " + rotated, 4, rotated.path("reencrypted").asInt());
    }

    private void startServer() throws Exception {
        run(List.of(home.resolve("bin/start").toString()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            try {
                HttpResponse<String> r = request("GET", "/api/v1/health", null, null);
                if (r.statusCode() == 200 && r.body().contains("UP") && Files.exists(home.resolve("data/plugboard/admin.token"))) {
                    // health is served by the REST bundle; the resources answer once core's services are bound too
                    String token = Files.readString(home.resolve("data/plugboard/admin.token")).trim();
                    if (request("GET", "/api/v1/secrets", token, null).statusCode() == 200) {
                        return;
                    }
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("server not healthy within 120 s; see " + home.resolve("data/log/karaf.log"));
            }
            Thread.sleep(200);
        }
    }

    private void stopServer() throws Exception {
        String pid = Files.readString(home.resolve("karaf.pid")).trim();
        run(List.of(home.resolve("bin/stop").toString()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false)) {
            if (System.nanoTime() > deadline) {
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                throw new AssertionError("server did not stop within 60 s");
            }
            Thread.sleep(100);
        }
    }

    private HttpResponse<String> request(String method, String path, String token, String yaml) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(BASE + path)).timeout(Duration.ofSeconds(20))
                .method(method, yaml == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(yaml));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (yaml != null) {
            b.header("Content-Type", "application/yaml");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void set(String file, String key, String value) throws IOException {
        Path cfg = home.resolve(file);
        String text = Files.readString(cfg);
        String replaced = text.replaceAll("(?m)^" + java.util.regex.Pattern.quote(key) + "\\s*=.*$", key + " = " + value);
        Files.writeString(cfg, replaced.equals(text) && !text.contains(key + " = " + value) ? text + "\n" + key + " = " + value + "\n" : replaced);
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(new File("target/restart-it.log")).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(command + " failed; see target/restart-it.log");
        }
    }
}
