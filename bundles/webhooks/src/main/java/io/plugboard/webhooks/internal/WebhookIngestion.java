package io.plugboard.webhooks.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.plugboard.api.event.EventService;
import io.plugboard.api.event.IngestResult;
import io.plugboard.api.provider.Provider;
import io.plugboard.api.provider.ProviderRegistry;
import io.plugboard.api.provider.RegisteredProvider;
import io.plugboard.api.provider.WebhookRequest;
import io.plugboard.api.provider.WebhookVerification;
import io.plugboard.api.provider.WebhookVerifier;
import io.plugboard.api.server.WebhookTarget;
import io.plugboard.api.server.WebhookTargets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One inbound webhook, start to answer: size cap (413), integration lookup (404), provider present (503), signature
 * (401, fail closed), then one transaction that stores the event and queues its deliveries (202, or 200 for a
 * duplicate). A plain class: the Camel route hands it the request, tests call it directly.
 */
final class WebhookIngestion {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookIngestion.class);
    private static final Pattern UID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /** Header names never stored with an event: they carry signatures, tokens or credentials. */
    private static final Pattern SENSITIVE = Pattern.compile("signature|token|secret|authorization|cookie|api-key");

    private final ProviderRegistry providers;
    private final WebhookTargets targets;
    private final EventService events;
    private final WebhookMetrics metrics;
    private final Clock clock;
    private volatile long maxBodyBytes;
    private volatile BodyBudget budget;
    private volatile BodyBudget spoolBudget;
    /** Where bodies over {@link SpooledBody#MEMORY_BYTES} wait while they are verified and stored. */
    private final Path spool;
    /** How long a request waits for room in the body budget before it is answered 503. */
    static final java.time.Duration BUDGET_WAIT = java.time.Duration.ofSeconds(5);

    WebhookIngestion(ProviderRegistry providers, WebhookTargets targets, EventService events, WebhookMetrics metrics,
                     Clock clock, long maxBodyBytes) {
        this(providers, targets, events, metrics, clock, maxBodyBytes, defaultSpool());
    }

    WebhookIngestion(ProviderRegistry providers, WebhookTargets targets, EventService events, WebhookMetrics metrics,
                     Clock clock, long maxBodyBytes, Path spool) {
        this.spool = spool;
        SpooledBody.clean(spool);
        this.providers = providers;
        this.targets = targets;
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
        this.maxBodyBytes = maxBodyBytes;
        this.budget = new BodyBudget(DEFAULT_BUDGET);
        this.spoolBudget = new BodyBudget(DEFAULT_SPOOL_BUDGET);
    }

    static final long DEFAULT_BUDGET = 32L * 1024 * 1024;
    static final long DEFAULT_SPOOL_BUDGET = 1024L * 1024 * 1024;

    /** {@code ${karaf.data}/plugboard/spool}, else the JVM's temporary directory. */
    static Path defaultSpool() {
        String data = System.getProperty("karaf.data");
        return data != null ? Path.of(data, "plugboard", "spool") : Path.of(System.getProperty("java.io.tmpdir"), "plugboard-spool");
    }

    void maxBodyBytes(long max) {
        this.maxBodyBytes = max;
    }

    /** Bytes of bodies that may be in memory at once (at least what one body may keep in memory). */
    void bodyBytesInFlight(long bytes) {
        this.budget = new BodyBudget(Math.max(bytes, inMemory(maxBodyBytes)));
    }

    /** Bytes of bodies that may wait in the spool directory at once (at least one body of the cap). */
    void spoolBytes(long bytes) {
        this.spoolBudget = new BodyBudget(Math.max(bytes, onDisk(maxBodyBytes)));
    }

    /** What a body of {@code length} bytes (-1: unknown) puts in the spool. */
    private long onDisk(long length) {
        return Math.max(0, (length >= 0 ? length : maxBodyBytes) - SpooledBody.MEMORY_BYTES);
    }

    /** What a body of {@code length} bytes (-1: unknown) keeps in memory while it is received. */
    private long inMemory(long length) {
        return Math.min(length >= 0 ? length : maxBodyBytes, SpooledBody.MEMORY_BYTES);
    }

    /**
     * @param path          what follows {@code /webhooks}: {@code /<provider>/<integration uid>}
     * @param headers       request headers (any case)
     * @param contentLength the declared length, or -1
     */
    WebhookResponse receive(String path, Map<String, List<String>> headers, long contentLength, InputStream body) throws IOException {
        long started = System.nanoTime();
        WebhookResponse answer = receiveCounted(path, headers, contentLength, body);
        metrics.report(providerOf(path), answer, System.nanoTime() - started);
        return answer;
    }

    /** The provider id of {@code /<provider>/<uid>}, or {@code unknown}. */
    static String providerOf(String path) {
        String[] parts = path == null ? new String[0] : path.replaceAll("^/+", "").split("/", 2);
        return parts.length == 2 && Provider.isValidId(parts[0]) ? parts[0] : "unknown";
    }

    private WebhookResponse receiveCounted(String path, Map<String, List<String>> headers, long contentLength,
                                           InputStream body) throws IOException {
        metrics.received.increment();
        String[] parts = path == null ? new String[0] : path.replaceAll("^/+|/+$", "").split("/");
        if (parts.length != 2 || !Provider.isValidId(parts[0]) || !UID.matcher(parts[1]).matches()) {
            metrics.notFound.increment();
            return WebhookResponse.error(404, "not_found", "Webhooks are received at /webhooks/<provider>/<integration uid>.");
        }
        String providerId = parts[0];
        String uid = parts[1];
        Optional<WebhookResponse> declaredTooLarge = refuseDeclaredLength(contentLength);
        if (declaredTooLarge.isPresent()) {
            return declaredTooLarge.get();
        }
        BodyBudget room = budget;
        BodyBudget disk = spoolBudget;
        long onDisk = onDisk(contentLength);
        int reserved = reserve(room, inMemory(contentLength));
        int spooled = reserved == 0 || onDisk == 0 ? 0 : reserve(disk, onDisk);
        try {
            if (reserved == 0 || (onDisk > 0 && spooled == 0)) {
                metrics.unavailable.increment();
                return WebhookResponse.error(503, "unavailable", "Too many large webhook bodies are being received right "
                        + "now; retry later.").withHeader("Retry-After", "5");
            }
            return receiveBody(providerId, uid, headers, contentLength, body);
        } finally {
            room.release(reserved);
            disk.release(spooled);
        }
    }

    /** Room for {@code bytes} in {@code budget}, waiting up to {@link #BUDGET_WAIT}; 0 when there was none. */
    private static int reserve(BodyBudget budget, long bytes) {
        try {
            return budget.reserve(bytes, BUDGET_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** Reads the body into memory or the spool, within the cap. */
    private WebhookResponse receiveBody(String providerId, String uid, Map<String, List<String>> headers, long contentLength,
                                        InputStream body) throws IOException {
        SpooledBody spooled;
        try {
            spooled = SpooledBody.receive(body, contentLength, maxBodyBytes, spool);
        } catch (SpooledBody.SpoolException e) {
            metrics.unavailable.increment();
            LOG.warn("Webhook for {} refused: {}", uid, e.getMessage());
            return WebhookResponse.error(503, "unavailable", "The server cannot take the body right now; retry later.")
                    .withHeader("Retry-After", "30");
        } catch (IOException e) {
            // the sender went away or sent less than it declared: nothing to store, nobody to tell much
            LOG.info("Webhook for {} not received in full ({}); nothing stored", uid, e.toString());
            return WebhookResponse.error(400, "bad_request", "The body was not received in full.");
        }
        try (SpooledBody received = spooled) {
            if (received.length() > maxBodyBytes) {
                return tooLarge();
            }
            return verifyAndStore(providerId, uid, headers, received);
        }
    }

    /** One integration lookup, the provider's verifier, then the event log (which wakes the dispatcher). */
    private WebhookResponse verifyAndStore(String providerId, String uid, Map<String, List<String>> headers, SpooledBody body) {
        Optional<WebhookTarget> target = targets.find(uid);
        if (target.isEmpty() || !providerId.equals(target.get().providerId())) {
            metrics.notFound.increment();
            return WebhookResponse.error(404, "not_found", "No integration " + uid + " of provider '" + providerId + "'.");
        }
        Optional<WebhookVerifier> verifier = providers.provider(providerId).flatMap(RegisteredProvider::webhookVerifier);
        if (verifier.isEmpty()) {
            metrics.unavailable.increment();
            return WebhookResponse.error(503, "unavailable", "Provider '" + providerId + "' is not installed or does not "
                    + "take webhooks right now; retry later.").withHeader("Retry-After", "30");
        }
        Optional<String> secret = target.get().secret();
        if (secret.isEmpty()) {
            metrics.rejected.increment();
            LOG.warn("Webhook for {} refused: the integration has no webhook secret (its secret reference is broken)", uid);
            return unauthorized();
        }
        WebhookVerification verification;
        try {
            verification = verifier.get().verify(new WebhookRequest(headers, body, clock.instant()),
                    secret.get().getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            metrics.rejected.increment();
            LOG.warn("Webhook for {} refused: the {} verifier failed: {}", uid, providerId, e.toString());
            return unauthorized();
        }
        switch (verification.outcome()) {
            case HANDSHAKE:
                metrics.handshakes.increment();
                return new WebhookResponse(200, verification.handshakeContentType(), verification.handshakeBody(), Map.of());
            case ACCEPTED:
                IngestResult result = events.ingest(target.get().integration(), verification, storedHeaders(headers), body);
                if (result.duplicate()) {
                    metrics.duplicates.increment();
                } else {
                    metrics.accepted.increment();
                }
                return accepted(verification, result);
            case INVALID:
                // signed with the secret, so the sender may learn what is wrong with it
                metrics.rejected.increment();
                LOG.warn("Webhook for {} ({}) refused, signed but invalid: {}", uid, providerId, verification.reason());
                return WebhookResponse.error(400, "invalid_delivery", "The delivery is signed but cannot be taken: "
                        + verification.reason() + ".");
            default:
                metrics.rejected.increment();
                LOG.warn("Webhook for {} ({}) refused: {}", uid, providerId, verification.reason());
                return unauthorized();
        }
    }

    /**
     * {@code 202 {"id": …}}, or {@code 200 {"id": …, "duplicate": true}}; or the provider's own empty acknowledgement
     * (e.g. Slack's 200 for slash commands), which names the event in {@code X-Plugboard-Event}.
     */
    private static WebhookResponse accepted(WebhookVerification verification, IngestResult result) {
        if (verification.acknowledgementStatus() != 0) {
            return new WebhookResponse(verification.acknowledgementStatus(), "text/plain", new byte[0], Map.of())
                    .withHeader("X-Plugboard-Event", result.id());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", result.id());
        if (result.duplicate()) {
            answer.put("duplicate", true);
            return WebhookResponse.json(200, answer);
        }
        return WebhookResponse.json(202, answer);
    }

    /** 413 for a declared length over the cap - decided on the head alone, before anything asks for the body. */
    private Optional<WebhookResponse> refuseDeclaredLength(long contentLength) {
        return contentLength > maxBodyBytes ? Optional.of(tooLarge()) : Optional.empty();
    }

    /** For {@link DeclaredLengthFilter}: the 413 for a request refused on its head (counted as received), or empty. */
    Optional<WebhookResponse> refuseOnHead(long contentLength) {
        return refuseOnHead(contentLength, null);
    }

    Optional<WebhookResponse> refuseOnHead(long contentLength, String path) {
        Optional<WebhookResponse> refused = refuseDeclaredLength(contentLength);
        if (refused.isPresent()) {
            metrics.received.increment();
            metrics.report(providerOf(path), refused.get(), 0);
        }
        return refused;
    }

    private WebhookResponse tooLarge() {
        metrics.tooLarge.increment();
        return WebhookResponse.error(413, "payload_too_large", "The body is larger than " + maxBodyBytes + " bytes.");
    }

    private static WebhookResponse unauthorized() {
        return WebhookResponse.error(401, "unauthorized", "The webhook signature could not be verified.");
    }

    /** The headers kept with the event: all but those that carry signatures or credentials, first value each. */
    static Map<String, String> storedHeaders(Map<String, List<String>> headers) {
        Map<String, String> kept = new LinkedHashMap<>();
        headers.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!SENSITIVE.matcher(lower).find() && !values.isEmpty()) {
                kept.put(lower, values.get(0));
            }
        });
        return kept;
    }
}
