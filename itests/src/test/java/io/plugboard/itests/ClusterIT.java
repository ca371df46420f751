package io.plugboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

/**
 * Two Plugboard nodes on one PostgreSQL database, as a user runs them: two distributions unpacked from the build, on
 * their own ports, sharing the admin token and the master key (README, "Running several nodes"). The build's private
 * PostgreSQL server holds a database of their own; mock-oauth2-server stands in for Google's OpenID Connect server.
 *
 * <p>The tests run in the order of their names: the last one kills node A.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class ClusterIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "cluster-it-admin-token-0123456789abcdefghijklmnopqrstuvwxyz";
    private static final String SECRET = "cluster-webhook-secret";
    private static final String ISSUER = "http://127.0.0.1:" + System.getProperty("plugboard.it.oauth.port", "18581") + "/default";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static ExternalServer a;
    private static ExternalServer b;
    private static HttpServer target;
    private static String integrationUid;
    /** The forward target's log: every webhook-id it received, as often as it received it, and its event. */
    private static final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
    private static final Map<String, String> eventOf = new ConcurrentHashMap<>();
    private static volatile long targetDelayMillis;

    @BeforeClass
    public static void startTwoNodes() throws Exception {
        String database = "plugboard_cluster";
        String url = System.getProperty("plugboard.it.postgres.url");
        try (Connection c = DriverManager.getConnection(url, System.getProperty("plugboard.it.postgres.user"),
                System.getProperty("plugboard.it.postgres.password")); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + database);
            st.execute("CREATE DATABASE " + database);
        }
        String clusterUrl = url.substring(0, url.lastIndexOf('/') + 1) + database;

        target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        target.setExecutor(Executors.newFixedThreadPool(8));
        target.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            if (id != null) {
                received.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                eventOf.put(id, String.valueOf(exchange.getRequestHeaders().getFirst("X-Plugboard-Event")));
            }
            long delay = targetDelayMillis;
            if (delay > 0) {
                try {
                    Thread.sleep(delay); // a slow receiver, so that a backlog builds up
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        target.start();

        a = new ExternalServer("cluster-a", 18681, 18601, 11399, 44457);
        b = new ExternalServer("cluster-b", 18682, 18602, 11398, 44458);
        String masterKey = Base64.getEncoder().encodeToString("cluster-it-master-key-32-bytes!!".getBytes(StandardCharsets.UTF_8));
        for (ExternalServer node : List.of(a, b)) {
            configure(node, node == a ? "node-a" : "node-b", clusterUrl, masterKey);
        }
        // both at once, as a cluster is started: the schema is migrated once (Flyway's lock), the other waits
        CompletableFuture<Void> startA = CompletableFuture.runAsync(() -> start(a));
        CompletableFuture<Void> startB = CompletableFuture.runAsync(() -> start(b));
        startA.get(180, TimeUnit.SECONDS);
        startB.get(180, TimeUnit.SECONDS);
    }

    private static void configure(ExternalServer node, String id, String jdbcUrl, String masterKey) throws IOException {
        node.set("etc/io.plugboard.core.cfg", "nodeId", id);
        node.adminToken(TOKEN);
        node.set("etc/io.plugboard.core.cfg", "masterKey", masterKey);
        // behind a load balancer both nodes have one public URL: here node A's
        node.set("etc/io.plugboard.core.cfg", "publicUrl", a.base);
        // only the notice between the nodes can make another node's change visible within a second
        node.set("etc/io.plugboard.core.cfg", "resourceCacheMillis", "60000");
        node.set("etc/io.plugboard.events.cfg", "deliveryLeaseSeconds", "10");
        node.set("etc/io.plugboard.events.cfg", "forwardRetrySchedule", "1s,1s,1s,1s,1s");
        node.set("etc/io.plugboard.oauth-google.cfg", "provider", "google");
        node.set("etc/io.plugboard.oauth-google.cfg", "clientId", "plugboard-cluster");
        node.set("etc/io.plugboard.oauth-google.cfg", "clientSecret", "cluster-client-secret");
        node.set("etc/io.plugboard.oauth-google.cfg", "issuerURL", ISSUER);
        Path cfg = node.home.resolve("etc/org.ops4j.datasource-plugboard.cfg");
        StringBuilder text = new StringBuilder();
        for (String line : Files.readAllLines(cfg)) {
            if (line.matches("(osgi\\.jdbc\\.driver\\.class|url|user|password)=.*")) {
                continue; // the H2 lines out
            }
            text.append(line).append('\n');
        }
        text.append("osgi.jdbc.driver.class=org.postgresql.Driver\nurl=").append(jdbcUrl)
                .append("\nuser=").append(System.getProperty("plugboard.it.postgres.user"))
                .append("\npassword=").append(System.getProperty("plugboard.it.postgres.password")).append('\n');
        Files.writeString(cfg, text.toString());
    }

    private static void start(ExternalServer node) {
        try {
            node.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterClass
    public static void stopAll() throws Exception {
        for (ExternalServer node : new ExternalServer[] {a, b}) {
            if (node != null && node.running()) {
                node.stop();
            }
        }
        if (target != null) {
            target.stop(0);
        }
    }

    // ---- the cluster ------------------------------------------------------------------------------

    @Test
    public void test1EachNodeListsBothAliveAndItself() throws Exception {
        for (ExternalServer node : List.of(a, b)) {
            JsonNode nodes = JSON.readTree(ok(node.request("GET", "/api/v1/cluster/nodes", TOKEN, null, null)));
            assertEquals(node == a ? "node-a" : "node-b", nodes.path("self").asText());
            Map<String, JsonNode> byId = new LinkedHashMap<>();
            nodes.path("items").forEach(n -> byId.put(n.path("id").asText(), n));
            assertEquals(nodes.toString(), Set.of("node-a", "node-b"), byId.keySet());
            for (JsonNode n : byId.values()) {
                assertTrue(n.toString(), n.path("alive").asBoolean());
                assertEquals("PostgreSQL", n.path("database").asText());
            }
            assertTrue(byId.get(nodes.path("self").asText()).path("self").asBoolean());
        }
    }

    /** Webhooks sent alternately to both nodes: each event is forwarded exactly once, whichever node claims it. */
    @Test
    public void test2WebhooksSentToBothNodesAreEachForwardedExactlyOnce() throws Exception {
        HttpResponse<String> applied = a.request("POST", "/api/v1/apply", TOKEN, "application/yaml",
                "kind: Secret\nmetadata: {name: gh}\nspec: {data: {webhook: " + SECRET + "}}\n---\n"
                + "kind: Integration\nmetadata: {name: gh}\nspec: {type: TYPE_GITHUB, webhook: {secret: {valueFrom: {secret: {name: gh, key: webhook}}}}}\n---\n"
                + "kind: EventSource\nmetadata: {name: forward}\nspec: {integration: {domain: ORGANIZATION, name: gh}, "
                + "forward: {url: 'http://127.0.0.1:" + target.getAddress().getPort() + "/hook'}}\n");
        assertEquals(applied.body(), 201, applied.statusCode());
        integrationUid = JSON.readTree(ok(b.request("GET", "/api/v1/integrations/gh", TOKEN, null, null)))
                .path("metadata").path("uid").asText();
        awaitTrue("the webhook endpoints of both nodes", Duration.ofSeconds(60),
                () -> webhook(a, "probe-a", SECRET) / 100 == 2 && webhook(b, "probe-b", SECRET) / 100 == 2);
        awaitTrue("the probes forwarded", Duration.ofSeconds(30), () -> received.size() >= 2);

        int count = 200;
        Set<String> acked = ConcurrentHashMap.newKeySet();
        ExecutorService senders = Executors.newFixedThreadPool(4);
        AtomicInteger next = new AtomicInteger();
        for (int t = 0; t < 4; t++) {
            senders.execute(() -> {
                int n;
                while ((n = next.getAndIncrement()) < count) {
                    ExternalServer node = n % 2 == 0 ? a : b;
                    try {
                        HttpResponse<String> r = send(node, "once-" + n, SECRET, body("once"));
                        if (r.statusCode() / 100 == 2) {
                            acked.add(JSON.readTree(r.body()).path("id").asText());
                        }
                    } catch (Exception e) {
                        // counted below: every delivery must be acknowledged
                    }
                }
            });
        }
        senders.shutdown();
        assertTrue(senders.awaitTermination(120, TimeUnit.SECONDS));
        assertEquals("every webhook acknowledged", count, acked.size());
        awaitTrue("every event forwarded", Duration.ofSeconds(60), () -> forwardedEvents().containsAll(acked));
        List<String> repeated = new ArrayList<>();
        for (Map.Entry<String, AtomicInteger> e : received.entrySet()) {
            if (acked.contains(eventOf.get(e.getKey())) && e.getValue().get() != 1) {
                repeated.add(e.getKey() + " x" + e.getValue().get());
            }
        }
        assertEquals("forwarded more than once", List.of(), repeated);
    }

    /** A secret changed through node A is what node B verifies with, at once; a deleted integration is gone on B. */
    @Test
    public void test3AResourceChangedOnOneNodeIsUsedByTheOtherWithinASecond() throws Exception {
        assertEquals("B has the secret cached", 202, webhook(b, "cached-1", SECRET));
        String rotated = SECRET + "-rotated";
        HttpResponse<String> applied = a.request("POST", "/api/v1/apply", TOKEN, "application/yaml",
                "kind: Secret\nmetadata: {name: gh}\nspec: {data: {webhook: " + rotated + "}}\n");
        assertEquals(applied.body(), 200, applied.statusCode());
        long changed = System.nanoTime();
        awaitTrue("node B verifies with the new secret within 1 s (its cache holds entries for 60 s)",
                Duration.ofSeconds(1), () -> webhook(b, "rotated-" + System.nanoTime(), rotated) == 202);
        assertTrue(System.nanoTime() - changed < TimeUnit.SECONDS.toNanos(1));
        assertEquals("the old secret is refused on B", 401, webhook(b, "old-" + System.nanoTime(), SECRET));

        ok(a.request("POST", "/api/v1/apply", TOKEN, "application/yaml",
                "kind: Integration\nmetadata: {name: doomed}\nspec: {type: TYPE_GITHUB, webhook: {secret: {valueFrom: {secret: {name: gh, key: webhook}}}}}\n"));
        String doomed = JSON.readTree(ok(a.request("GET", "/api/v1/integrations/doomed", TOKEN, null, null))).path("metadata").path("uid").asText();
        awaitTrue("B accepts webhooks of 'doomed'", Duration.ofSeconds(10), () -> webhook(b, doomed, "d-1", rotated) == 202);
        ok(a.request("DELETE", "/api/v1/integrations/doomed", TOKEN, null, null));
        awaitTrue("B refuses webhooks of the deleted integration within 1 s", Duration.ofSeconds(1),
                () -> webhook(b, doomed, "d-" + System.nanoTime(), rotated) == 404);
        // the rest of the tests sign with the first secret again
        ok(a.request("POST", "/api/v1/apply", TOKEN, "application/yaml",
                "kind: Secret\nmetadata: {name: gh}\nspec: {data: {webhook: " + SECRET + "}}\n"));
        awaitTrue("the first secret again on B", Duration.ofSeconds(1), () -> webhook(b, "again-" + System.nanoTime(), SECRET) == 202);
    }

    /**
     * An OAuth login started on node A completes on node B: the attempt, its state and the browser binding are in the
     * database. The CONNECTED event, posted on B, reaches an event stream on A.
     */
    @Test
    public void test4AnOAuthLoginStartedOnOneNodeCompletesOnTheOther() throws Exception {
        Stream connections = Stream.open(a, "/api/v1/connections/events");
        try {
            HttpResponse<String> started = a.request("POST", "/api/v1/connections/authorize", TOKEN, "application/json",
                    "{\"type\":\"google/oidc@1\",\"name\":\"alice\"}");
            assertEquals(started.body(), 201, started.statusCode());
            JsonNode attempt = JSON.readTree(started.body());
            String ticketUrl = attempt.path("authorizeUrl").asText();
            assertTrue(ticketUrl, ticketUrl.startsWith(a.base + "/integration/google/login?ticket="));

            Browser browser = new Browser();
            HttpResponse<String> login = browser.get(ticketUrl);                   // on A
            assertEquals(login.body(), 302, login.statusCode());
            String authorize = login.headers().firstValue("Location").orElseThrow();
            assertTrue(authorize, authorize.startsWith(ISSUER + "/authorize?"));
            HttpResponse<String> provider = browser.get(authorize);
            if (provider.statusCode() == 200) {
                // Google's prompt=consent: mock-oauth2-server shows its sign-in form, the user signs in
                provider = browser.post(authorize, "username=alice&claims=");
            }
            assertEquals(provider.body(), 302, provider.statusCode());
            String callback = provider.headers().firstValue("Location").orElseThrow();
            assertTrue(callback, callback.startsWith(a.base + "/integration/google/callback?code="));
            HttpResponse<String> done = browser.get(b.base + callback.substring(a.base.length())); // on B
            assertEquals(done.body(), 302, done.statusCode());
            assertTrue(done.headers().firstValue("Location").orElseThrow().contains("/integration/done"));

            JsonNode status = JSON.readTree(ok(a.request("GET", "/api/v1/connections/authorize/" + attempt.path("id").asText(),
                    TOKEN, null, null)));
            assertEquals("A sees the attempt B completed", "DONE", status.path("state").asText());
            JsonNode listed = JSON.readTree(ok(a.request("GET", "/api/v1/connections?type=google/oidc@1", TOKEN, null, null)));
            assertEquals(listed.toString(), "alice", listed.path("items").path(0).path("name").asText());
            String data = connections.awaitData("event: CONNECTED", "\"name\":\"alice\"", Duration.ofSeconds(10));
            assertNotNull("the stream on A shows the CONNECTED posted on B", data);
            assertFalse(data, data.contains("access_token"));
        } finally {
            connections.close();
        }
    }

    /** An event stream on node B shows an event received (and dispatched) on node A. */
    @Test
    public void test5AnEventStreamOnOneNodeShowsEventsReceivedOnTheOther() throws Exception {
        Stream events = Stream.open(b, "/api/v1/events/stream?integration=" + integrationUid);
        try {
            HttpResponse<String> r = send(a, "streamed-" + System.nanoTime(), SECRET, body("streamed"));
            assertEquals(r.body(), 202, r.statusCode());
            String id = JSON.readTree(r.body()).path("id").asText();
            assertNotNull("B's stream shows the event A received", events.awaitData("id: " + id, id, Duration.ofSeconds(10)));
        } finally {
            events.close();
        }
    }

    /**
     * A backlog, node A killed with SIGKILL in the middle of it: node B delivers all of it once A's leases are over.
     * Nothing acknowledged is missing; repeats are only the batch A had in flight, each with its original webhook-id.
     */
    @Test
    public void test9ANodeKilledInTheMiddleOfABacklogLosesNothing() throws Exception {
        received.clear();
        eventOf.clear();
        targetDelayMillis = 40;
        int count = 300;
        List<String> acked = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            HttpResponse<String> r = send(a, "backlog-" + n, SECRET, body("backlog"));
            assertEquals(r.body(), 2, r.statusCode() / 100);
            acked.add(JSON.readTree(r.body()).path("id").asText());
        }
        awaitTrue("the forwarding has begun", Duration.ofSeconds(30), () -> received.size() >= 40);
        a.kill();
        int before = received.size();
        assertTrue("killed in the middle: " + before + " of " + count, before < count);
        targetDelayMillis = 0;

        awaitTrue("B delivered the whole backlog", Duration.ofSeconds(90), () -> forwardedEvents().containsAll(acked));
        JsonNode pending = JSON.readTree(ok(b.request("GET", "/api/v1/events?status=pending&limit=1000", TOKEN, null, null)));
        assertEquals(pending.toString(), 0, pending.path("items").size());
        List<String> repeated = new ArrayList<>();
        Map<String, String> webhookIdOfEvent = new LinkedHashMap<>();
        for (Map.Entry<String, AtomicInteger> e : received.entrySet()) {
            if (e.getValue().get() > 1) {
                repeated.add(e.getKey());
            }
            String previous = webhookIdOfEvent.put(eventOf.get(e.getKey()), e.getKey());
            assertEquals("an event is forwarded under one webhook-id", null, previous);
        }
        assertTrue("repeats only for the batch in flight (at most 50): " + repeated.size(), repeated.size() <= 50);

        JsonNode nodes = JSON.readTree(ok(b.request("GET", "/api/v1/cluster/nodes", TOKEN, null, null)));
        awaitTrue("A is shown dead", Duration.ofSeconds(30), () -> {
            JsonNode now = JSON.readTree(ok(b.request("GET", "/api/v1/cluster/nodes", TOKEN, null, null)));
            for (JsonNode n : now.path("items")) {
                if (n.path("id").asText().equals("node-a")) {
                    return !n.path("alive").asBoolean();
                }
            }
            return false;
        });
        assertEquals(2, nodes.path("items").size());
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private static Set<String> forwardedEvents() {
        return Set.copyOf(eventOf.values());
    }

    private static String body(String repo) {
        return "{\"ref\":\"refs/heads/main\",\"repository\":{\"full_name\":\"octo/" + repo + "\",\"name\":\"" + repo + "\"}}";
    }

    private static int webhook(ExternalServer node, String delivery, String secret) {
        return webhook(node, integrationUid, delivery, secret);
    }

    private static int webhook(ExternalServer node, String uid, String delivery, String secret) {
        try {
            return send(node, uid, delivery, secret, body("probe")).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static HttpResponse<String> send(ExternalServer node, String delivery, String secret, String body) throws Exception {
        return send(node, integrationUid, delivery, secret, body);
    }

    private static HttpResponse<String> send(ExternalServer node, String uid, String delivery, String secret, String body)
            throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(node.base + "/webhooks/github/" + uid))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .header("X-GitHub-Event", "push").header("X-GitHub-Delivery", delivery)
                .header("X-Hub-Signature-256", "sha256=" + WireMockStubs.hmacHex(secret, body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String ok(HttpResponse<String> r) {
        assertEquals(r.body(), 2, r.statusCode() / 100);
        return r.body();
    }

    /** Polls {@code condition} until it holds, or fails after {@code within}. */
    private static void awaitTrue(String what, Duration within, Check condition) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            if (condition.holds()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + within.toMillis() + " ms");
            }
            Thread.sleep(20);
        }
    }

    @FunctionalInterface
    interface Check {
        boolean holds() throws Exception;
    }

    /** A browser: one cookie jar (cookies are per host, not port: both nodes get them, as behind one address). */
    private static final class Browser {
        private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL)).connectTimeout(Duration.ofSeconds(10)).build();

        HttpResponse<String> get(String url) throws Exception {
            return client.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").timeout(Duration.ofSeconds(20))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String url, String form) throws Exception {
            return client.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                    .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    /** A Server-Sent Events client: its lines, as they come. */
    private static final class Stream {
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private CompletableFuture<?> response;

        static Stream open(ExternalServer node, String path) throws Exception {
            Stream s = new Stream();
            CountDownLatch headers = new CountDownLatch(1);
            Flow.Subscriber<String> subscriber = new Flow.Subscriber<>() {
                public void onSubscribe(Flow.Subscription sub) { sub.request(Long.MAX_VALUE); }
                public void onNext(String line) { s.lines.add(line); }
                public void onError(Throwable t) { }
                public void onComplete() { }
            };
            s.response = HTTP.sendAsync(HttpRequest.newBuilder(URI.create(node.base + path))
                    .header("Authorization", "Bearer " + TOKEN).GET().build(), info -> {
                        headers.countDown();
                        return HttpResponse.BodyHandlers.fromLineSubscriber(subscriber).apply(info);
                    });
            assertTrue("the stream answered", headers.await(10, TimeUnit.SECONDS));
            return s;
        }

        /** The data line that follows a line {@code marker} and contains {@code contains}; {@code null} if none came. */
        String awaitData(String marker, String contains, Duration within) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            boolean marked = false;
            while (System.nanoTime() < deadline) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line == null) {
                    continue;
                }
                if (line.equals(marker)) {
                    marked = true;
                } else if (marked && line.startsWith("data:")) {
                    if (line.contains(contains)) {
                        return line;
                    }
                    marked = false;
                }
            }
            return null;
        }

        void close() {
            response.cancel(true);
        }
    }
}
