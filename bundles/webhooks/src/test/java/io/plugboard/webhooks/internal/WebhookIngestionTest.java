package io.plugboard.webhooks.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.plugboard.api.event.Event;
import io.plugboard.api.event.EventDetail;
import io.plugboard.api.event.EventQuery;
import io.plugboard.api.event.EventService;
import io.plugboard.api.event.IngestResult;
import io.plugboard.api.provider.AuthMode;
import io.plugboard.api.provider.EventType;
import io.plugboard.api.provider.Provider;
import io.plugboard.api.provider.ProviderRegistry;
import io.plugboard.api.provider.RegisteredProvider;
import io.plugboard.api.provider.WebhookVerification;
import io.plugboard.api.provider.WebhookVerifier;
import io.plugboard.api.resource.AppliedResource;
import io.plugboard.api.resource.Kind;
import io.plugboard.api.resource.Resource;
import io.plugboard.api.resource.ResourceRef;
import io.plugboard.api.server.WebhookTarget;
import io.plugboard.api.server.WebhookTargets;
import io.plugboard.api.resource.Scope;
import org.junit.Test;

public class WebhookIngestionTest {

    private static final String UID = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private static final String PATH = "/acme/" + UID;

    private final Resource integration = new Resource(new ResourceRef(Kind.INTEGRATION, Scope.organization("default"), "acme"),
            UID, 1, Instant.EPOCH, Instant.EPOCH, Map.of("type", "TYPE_ACME"), Map.of());
    private final Map<String, RegisteredProvider> providers = new HashMap<>();
    private final List<String> ingested = new ArrayList<>();
    private final WebhookMetrics metrics = new WebhookMetrics();

    /** Accepts a body equal to the secret's reverse, answers "hello" to a handshake, rejects the rest. */
    private final WebhookVerifier verifier = (request, secret) -> {
        String body = new String(request.body(), StandardCharsets.UTF_8);
        if (body.equals("handshake")) {
            return WebhookVerification.handshake("text/plain", "hello".getBytes(StandardCharsets.UTF_8));
        }
        String expected = new StringBuilder(new String(secret, StandardCharsets.UTF_8)).reverse().toString();
        return body.equals(expected) ? WebhookVerification.accepted(request.header("X-Delivery"), "push")
                : WebhookVerification.rejected("bad signature");
    };

    private final WebhookIngestion ingestion = new WebhookIngestion(registry(), resources(), events(), metrics,
            Clock.systemUTC(), 100);

    @Test
    public void aVerifiedDeliveryIsStoredAndAcknowledged() throws Exception {
        providers.put("acme", acme(verifier));
        WebhookResponse r = post(PATH, "terces", Map.of("X-Delivery", List.of("d1"), "X-Acme-Signature", List.of("sig")));
        assertEquals(r.text(), 202, r.status());
        assertTrue(r.text(), r.text().matches("\\{\"id\":\"event-d1\"}"));
        assertEquals(List.of("d1"), ingested);

        WebhookResponse again = post(PATH, "terces", Map.of("X-Delivery", List.of("d1")));
        assertEquals(200, again.status());
        assertEquals("{\"id\":\"event-d1\",\"duplicate\":true}", again.text());
        assertEquals("a duplicate is not stored again", List.of("d1"), ingested);
        assertEquals(1L, (long) metrics.getCounters().get("duplicates"));
    }

    @Test
    public void aProvidersOwnAcknowledgementIsSentOnceStoredAndForADuplicate() throws Exception {
        providers.put("acme", acme((request, secret) -> WebhookVerification.accepted(request.header("X-Delivery"),
                "slash_command").acknowledgedWithEmpty(200)));
        WebhookResponse r = post(PATH, "anything", Map.of("X-Delivery", List.of("s1")));
        assertEquals(r.text(), 200, r.status());
        assertEquals("", r.text());
        assertEquals("event-s1", r.headers().get("X-Plugboard-Event"));
        assertEquals(List.of("s1"), ingested);

        WebhookResponse again = post(PATH, "anything", Map.of("X-Delivery", List.of("s1")));
        assertEquals(200, again.status());
        assertEquals("", again.text());
        assertEquals("event-s1", again.headers().get("X-Plugboard-Event"));
        assertEquals("a duplicate is not stored again", List.of("s1"), ingested);
        assertEquals(1L, (long) metrics.getCounters().get("duplicates"));
    }

    @Test
    public void aSignedButInvalidDeliveryIsTold400WithTheReasonAndStoresNothing() throws Exception {
        providers.put("acme", acme((request, secret) -> WebhookVerification.invalid("missing header X-Acme-Delivery")));
        WebhookResponse r = post(PATH, "anything", Map.of());
        assertEquals(r.text(), 400, r.status());
        assertEquals("{\"error\":\"invalid_delivery\",\"message\":\"The delivery is signed but cannot be taken: missing header "
                + "X-Acme-Delivery.\"}", r.text());
        assertEquals(List.of(), ingested);
        assertEquals(1L, (long) metrics.getCounters().get("rejected"));
    }

    @Test
    public void everyRefusalHasItsStatusAndStoresNothing() throws Exception {
        assertEquals(404, post("/acme", "x", Map.of()).status());
        assertEquals(404, post("/ACME/" + UID, "x", Map.of()).status());
        assertEquals(404, post("/other/" + UID, "x", Map.of()).status());
        assertEquals(404, post("/acme/0f8fad5b-d9cb-469f-a165-000000000000", "x", Map.of()).status());
        assertEquals("provider bundle absent", 503, post(PATH, "terces", Map.of()).status());
        assertEquals("30", post(PATH, "terces", Map.of()).headers().get("Retry-After"));
        providers.put("acme", acme(verifier));
        WebhookResponse bad = post(PATH, "secret", Map.of("X-Delivery", List.of("d2")));
        assertEquals(401, bad.status());
        assertEquals("{\"error\":\"unauthorized\",\"message\":\"The webhook signature could not be verified.\"}", bad.text());
        assertEquals(413, post(PATH, "x".repeat(101), Map.of()).status());
        assertEquals(List.of(), ingested);
        providers.put("acme", acme((req, s) -> {
            throw new IllegalStateException("verifier bug");
        }));
        assertEquals("a failing verifier fails closed", 401, post(PATH, "terces", Map.of("X-Delivery", List.of("d3"))).status());
        assertEquals(List.of(), ingested);
    }

    @Test
    public void aDeclaredLengthOverTheCapIsRefusedWithoutReading() throws Exception {
        providers.put("acme", acme(verifier));
        InputStream never = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("the body must not be read");
            }
        };
        assertEquals(413, ingestion.receive(PATH, Map.of(), 25L * 1024 * 1024 * 1024, never).status());

        assertEquals("the servlet filter's check, on the head alone", 413, ingestion.refuseOnHead(101).orElseThrow().status());
        assertTrue(ingestion.refuseOnHead(100).isEmpty());
        assertTrue("no length declared: the body is counted as it comes", ingestion.refuseOnHead(-1).isEmpty());
        assertEquals("the handled one and the one refused on its head", 2L, (long) metrics.getCounters().get("received"));
        assertEquals(2L, (long) metrics.getCounters().get("tooLarge"));
    }

    @Test
    public void whenTheBodyBudgetIsSpentADeliveryIsToldToRetry() throws Exception {
        providers.put("acme", acme(verifier));
        WebhookIngestion small = new WebhookIngestion(registry(), resources(), events(), metrics, Clock.systemUTC(), 100);
        small.bodyBytesInFlight(100);                   // room for one body of the cap (100 bytes here)
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Thread first = stillSending(small, 100, release);
        long t0 = System.nanoTime();
        WebhookResponse busy = small.receive(PATH, Map.of(), 50, new java.io.ByteArrayInputStream(new byte[50]));
        assertEquals(busy.text(), 503, busy.status());
        assertEquals("5", busy.headers().get("Retry-After"));
        assertTrue("it waited for room first", System.nanoTime() - t0 >= WebhookIngestion.BUDGET_WAIT.toNanos() / 2);
        release.countDown();
        first.join(10_000);
        // room again once the first is answered
        WebhookResponse next = small.receive(PATH, Map.of("X-Delivery", List.of("d9")), 6,
                new java.io.ByteArrayInputStream("terces".getBytes(StandardCharsets.UTF_8)));
        assertEquals(next.text(), 202, next.status());
    }

    @Test
    public void aLargeBodyWaitsInTheSpoolNotInMemoryAndTheFileGoes() throws Exception {
        java.nio.file.Path spool = java.nio.file.Files.createTempDirectory("spool-test");
        java.nio.file.Files.createFile(spool.resolve("webhook-left-by-a-crash.body"));
        long[] seen = new long[2];   // length the verifier streamed, spool files while it ran
        providers.put("acme", acme((request, secret) -> {
            try (InputStream in = request.openBody()) {
                seen[0] = in.transferTo(java.io.OutputStream.nullOutputStream());
                seen[1] = java.nio.file.Files.list(spool).count();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return WebhookVerification.accepted(request.header("X-Delivery"), "push");
        }));
        int cap = 5 * 1024 * 1024;
        WebhookIngestion big = new WebhookIngestion(registry(), resources(), events(), metrics, Clock.systemUTC(), cap, spool);
        assertEquals("leftovers are removed at start", 0, java.nio.file.Files.list(spool).count());
        byte[] body = new byte[3 * 1024 * 1024];
        WebhookResponse r = big.receive(PATH, Map.of("X-Delivery", List.of("big")), -1, new ByteArrayInputStream(body));
        assertEquals(r.text(), 202, r.status());
        assertEquals(body.length, seen[0]);
        assertEquals("spooled to a file while verified", 1, seen[1]);
        assertEquals("and the file is gone after the answer", 0, java.nio.file.Files.list(spool).count());

        WebhookResponse tooBig = big.receive(PATH, Map.of("X-Delivery", List.of("huge")), -1,
                new ByteArrayInputStream(new byte[cap + 1]));
        assertEquals(413, tooBig.status());
        assertEquals(0, java.nio.file.Files.list(spool).count());
        assertEquals(List.of("big"), ingested);
    }

    @Test
    public void aBodyCutShortIs400AndAFullSpoolIs503AndNothingIsStored() throws Exception {
        providers.put("acme", acme(verifier));
        InputStream cut = new InputStream() {   // the sender goes away after 10 of the 50 bytes it declared
            private int left = 10;

            @Override
            public int read() throws java.io.IOException {
                if (left-- > 0) {
                    return 'x';
                }
                throw new java.io.EOFException("early EOF");
            }
        };
        WebhookResponse r = ingestion.receive(PATH, Map.of("X-Delivery", List.of("cut")), 50, cut);
        assertEquals(r.text(), 400, r.status());

        java.nio.file.Path notADirectory = java.nio.file.Files.createTempFile("spool", ".file");
        WebhookIngestion full = new WebhookIngestion(registry(), resources(), events(), metrics, Clock.systemUTC(),
                10 * 1024 * 1024, notADirectory);
        WebhookResponse unavailable = full.receive(PATH, Map.of("X-Delivery", List.of("big")), -1,
                new ByteArrayInputStream(new byte[SpooledBody.MEMORY_BYTES + 1]));
        assertEquals(unavailable.text(), 503, unavailable.status());
        assertEquals("30", unavailable.headers().get("Retry-After"));
        assertEquals(List.of(), ingested);
    }

    @Test
    public void aSmallBodyStaysInMemory() throws Exception {
        SpooledBody small = SpooledBody.receive(new ByteArrayInputStream(new byte[SpooledBody.MEMORY_BYTES]), -1, 1 << 30,
                java.nio.file.Path.of("/nonexistent-spool"));
        assertFalse(small.spooled());
        assertEquals(SpooledBody.MEMORY_BYTES, small.length());
        SpooledBody capped = SpooledBody.receive(new ByteArrayInputStream(new byte[1000]), -1, 100,
                java.nio.file.Path.of("/nonexistent-spool"));
        assertEquals("reads one byte past the cap, no more", 101, capped.length());
        byte[] payload = "{\"zen\":\"Keep it logically awesome.\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        SpooledBody declared = SpooledBody.receive(new ByteArrayInputStream(payload), payload.length, 1 << 30,
                java.nio.file.Path.of("/nonexistent-spool"));
        org.junit.Assert.assertArrayEquals(payload, declared.open().readAllBytes());
        SpooledBody longerThanDeclared = SpooledBody.receive(new ByteArrayInputStream(new byte[1000]), 10, 100,
                java.nio.file.Path.of("/nonexistent-spool"));
        assertEquals("a buffer sized for the declared length still reads to the cap", 101, longerThanDeclared.length());
    }

    @Test
    public void whenTheSpoolBudgetIsSpentALargeDeliveryIsToldToRetry() throws Exception {
        providers.put("acme", acme(verifier));
        int cap = 2 * 1024 * 1024;
        WebhookIngestion spooling = new WebhookIngestion(registry(), resources(), events(), metrics, Clock.systemUTC(), cap, java.nio.file.Files.createTempDirectory("spool-budget"));
        spooling.spoolBytes(1);                          // raised to one body of the cap: 2 MiB - 256 KiB
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Thread first = stillSending(spooling, 1536 * 1024, release);
        WebhookResponse busy = spooling.receive(PATH, Map.of(), 1536 * 1024, new ByteArrayInputStream(new byte[1536 * 1024]));
        assertEquals(busy.text(), 503, busy.status());
        assertEquals("5", busy.headers().get("Retry-After"));
        WebhookResponse small = spooling.receive(PATH, Map.of("X-Delivery", List.of("small")), 6,
                new ByteArrayInputStream("terces".getBytes(StandardCharsets.UTF_8)));
        assertEquals("a body that stays in memory needs no spool", 202, small.status());
        release.countDown();
        first.join(10_000);
    }

    /**
     * A delivery declaring {@code length} bytes whose sender is still sending (its body does not arrive until
     * {@code release}), started on its own thread; returns once the ingestion is reading it.
     */
    private static Thread stillSending(WebhookIngestion ingestion, long length, java.util.concurrent.CountDownLatch release)
            throws InterruptedException {
        java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(1);
        InputStream slow = new InputStream() {
            @Override
            public int read() {
                return -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                reading.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return -1;
            }
        };
        Thread sender = new Thread(() -> {
            try {
                ingestion.receive(PATH, Map.of(), length, slow);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        sender.start();
        assertTrue(reading.await(10, java.util.concurrent.TimeUnit.SECONDS));
        return sender;
    }

    @Test
    public void aHandshakeIsAnsweredAndNotStored() throws Exception {
        providers.put("acme", acme(verifier));
        WebhookResponse r = post(PATH, "handshake", Map.of());
        assertEquals(200, r.status());
        assertEquals("text/plain", r.contentType());
        assertEquals("hello", r.text());
        assertEquals(List.of(), ingested);
    }

    @Test
    public void signaturesAndCredentialsAreNotStoredWithTheEvent() {
        Map<String, String> kept = WebhookIngestion.storedHeaders(Map.of("X-Hub-Signature-256", List.of("sha256=ab"),
                "X-Gitlab-Token", List.of("t"), "Authorization", List.of("Bearer x"), "X-GitHub-Event", List.of("push"),
                "Content-Type", List.of("application/json")));
        assertEquals(Map.of("x-github-event", "push", "content-type", "application/json"), kept);
    }

    private WebhookResponse post(String path, String body, Map<String, List<String>> headers) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return ingestion.receive(path, headers, bytes.length, new ByteArrayInputStream(bytes));
    }

    private static RegisteredProvider acme(WebhookVerifier verifier) {
        Provider p = new Provider() {
            public String id() { return "acme"; }
            public String name() { return "Acme"; }
            public Set<AuthMode> authModes() { return EnumSet.of(AuthMode.NONE); }
            public List<EventType> eventTypes() { return List.of(); }
        };
        return new RegisteredProvider(p, "acme", "1", verifier, List.of(), null);
    }

    private ProviderRegistry registry() {
        return new ProviderRegistry() {
            public List<RegisteredProvider> providers() { return List.copyOf(providers.values()); }
            public Optional<RegisteredProvider> provider(String id) { return Optional.ofNullable(providers.get(id)); }
        };
    }

    /** The one integration {@code UID} of provider {@code test}, signed with "secret". */
    private WebhookTargets resources() {
        return uid -> UID.equals(uid) ? Optional.of(new WebhookTarget(integration, "acme", "secret")) : Optional.empty();
    }

    private EventService events() {
        return new EventService() {
            public IngestResult ingest(Resource i, WebhookVerification v, Map<String, String> headers, byte[] body) {
                assertFalse("no signature stored", headers.containsKey("x-acme-signature"));
                if (ingested.contains(v.deliveryId())) {
                    return new IngestResult("event-" + v.deliveryId(), true);
                }
                ingested.add(v.deliveryId());
                return new IngestResult("event-" + v.deliveryId(), false);
            }
            public List<Event> list(EventQuery query) { return List.of(); }
            public Optional<EventDetail> get(String id) { return Optional.empty(); }
            public EventDetail replay(String id) { throw new UnsupportedOperationException(); }
            public int purge(Instant before) { return 0; }
        };
    }
}
