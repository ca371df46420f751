package io.plugboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.After;
import org.junit.Test;

/**
 * Nothing acknowledged is lost: signed GitHub deliveries are sent from 8 threads, the server is killed with SIGKILL
 * while they arrive, and after a restart every delivery that got a 2xx is stored and gets dispatched (the queue
 * resumes from the database). Bounded: 600 deliveries at most, every wait has a deadline.
 */
public class CrashIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "crash-test-secret";
    private static final int THREADS = 8;
    private static final int DELIVERIES = 600;
    private static final int KILL_AFTER_ACKS = 150;

    private ExternalServer server;

    @After
    public void stop() throws Exception {
        if (server != null && server.running()) {
            server.stop();
        }
    }

    @Test
    public void everyAcknowledgedDeliveryIsStoredAndDispatchedAfterAKill() throws Exception {
        server = new ExternalServer("crash-it", 18381, 18301, 11299, 44447);
        server.start();
        String token = server.token();
        HttpResponse<String> applied = server.request("POST", "/api/v1/apply", token, "application/yaml",
                "kind: Secret\nmetadata: {name: gh}\nspec: {data: {webhook: " + SECRET + "}}\n---\n"
                + "kind: Integration\nmetadata: {name: gh}\nspec: {type: TYPE_GITHUB, webhook: {secret: {valueFrom: {secret: {name: gh, key: webhook}}}}}\n---\n"
                + "kind: EventSource\nmetadata: {name: all}\nspec: {integration: {domain: ORGANIZATION, name: gh}}\n");
        assertEquals(applied.body(), 201, applied.statusCode());
        String uid = JSON.readTree(server.request("GET", "/api/v1/integrations/gh", token, null, null).body())
                .path("metadata").path("uid").asText();

        String body = "{\"ref\":\"refs/heads/main\",\"repository\":{\"full_name\":\"octo/crash\",\"name\":\"crash\"}}";
        String signature = "sha256=" + HexFormat.of().formatHex(hmac(SECRET, body));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        // the webhook route comes up a moment after the REST API: wait for it with one delivery of its own
        long ready = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (send(http, uid, "crash-probe", body, signature) / 100 != 2) {
            assertTrue("the webhook endpoint did not come up within 60 s", System.nanoTime() < ready);
            Thread.sleep(100);
        }

        Set<String> acked = ConcurrentHashMap.newKeySet();
        AtomicInteger sent = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(THREADS);
        for (int t = 0; t < THREADS; t++) {
            senders.execute(() -> {
                int n;
                while ((n = sent.incrementAndGet()) <= DELIVERIES) {
                    String delivery = "crash-" + n;
                    try {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.base + "/webhooks/github/" + uid))
                                .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                                .header("X-GitHub-Event", "push").header("X-GitHub-Delivery", delivery)
                                .header("X-Hub-Signature-256", signature).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() / 100 == 2) {
                            acked.add(JSON.readTree(r.body()).path("id").asText());
                        }
                    } catch (Exception e) {
                        // the server is gone: this delivery was not acknowledged, a real sender would retry it
                    }
                }
            });
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (acked.size() < KILL_AFTER_ACKS && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        server.kill();
        senders.shutdown();
        assertTrue("senders finished", senders.awaitTermination(60, TimeUnit.SECONDS));
        List<String> acknowledged = new ArrayList<>(acked);
        assertTrue("enough deliveries were acknowledged before the kill: " + acknowledged.size(), acknowledged.size() >= KILL_AFTER_ACKS);

        server.start();
        List<String> missing = new ArrayList<>();
        for (String id : acknowledged) {
            if (server.request("GET", "/api/v1/events/" + id, token, null, null).statusCode() != 200) {
                missing.add(id);
            }
        }
        assertEquals("acknowledged but not stored: " + missing, List.of(), missing);

        // and the queue resumes from the database: every stored event gets delivered to the event source
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int pending;
        do {
            JsonNode page = JSON.readTree(server.request("GET", "/api/v1/events?status=pending&limit=1000", token, null, null).body());
            pending = page.path("items").size();
            if (pending == 0) {
                break;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < until);
        assertEquals("events still pending after the restart", 0, pending);
        JsonNode delivered = JSON.readTree(server.request("GET", "/api/v1/events?status=delivered&limit=1000", token, null, null).body());
        assertTrue(delivered.path("items").size() >= acknowledged.size());
    }

    private int send(HttpClient http, String uid, String delivery, String body, String signature) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(server.base + "/webhooks/github/" + uid))
                    .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                    .header("X-GitHub-Event", "push").header("X-GitHub-Delivery", delivery)
                    .header("X-Hub-Signature-256", signature).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return 0;
        }
    }

    private static byte[] hmac(String key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }
}
