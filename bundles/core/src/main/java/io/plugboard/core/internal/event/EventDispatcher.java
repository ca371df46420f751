package io.plugboard.core.internal.event;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import io.plugboard.api.event.Attempt;
import io.plugboard.api.event.EventService;
import io.plugboard.api.provider.WebhookSignatures;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works the delivery queue (the database): for each due delivery, publishes the event on EventAdmin (first attempt
 * only) and, when the event source forwards, POSTs it there signed per Standard Webhooks. A failure is retried on the
 * configured schedule with ±10 % jitter; after the last retry the delivery is dead (replay revives it).
 */
final class EventDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);
    /** The default lease of a claimed batch: how soon another node takes over the deliveries of a node that died. */
    static final Duration LEASE = Duration.ofSeconds(30);
    private static final int BATCH = 50;

    private final DeliveryQueue events;
    private final ForwardSecrets resources;
    private final Supplier<EventAdmin> eventAdmin;
    private final HttpClient http;
    private final DeliveryMetrics metrics;
    private final DeliveryHook hook;
    private final Clock clock;
    private volatile List<Duration> schedule;
    private volatile Duration forwardTimeout;
    private volatile Duration lease = LEASE;

    EventDispatcher(DeliveryQueue events, ForwardSecrets resources, Supplier<EventAdmin> eventAdmin, HttpClient http,
                    DeliveryMetrics metrics, DeliveryHook hook, Clock clock, List<Duration> schedule,
                    Duration forwardTimeout) {
        this.hook = hook;
        this.events = events;
        this.resources = resources;
        this.eventAdmin = eventAdmin;
        this.http = http;
        this.metrics = metrics;
        this.clock = clock;
        this.schedule = List.copyOf(schedule);
        this.forwardTimeout = forwardTimeout;
    }

    void configure(List<Duration> schedule, Duration forwardTimeout) {
        this.schedule = List.copyOf(schedule);
        this.forwardTimeout = forwardTimeout;
    }

    void lease(Duration lease) {
        this.lease = lease;
    }

    /** Delivers everything due now; returns how many deliveries were attempted. One caller at a time. */
    synchronized int drain() {
        int total = 0;
        while (true) {
            Duration held = lease;
            List<DueDelivery> due = events.claimDue(clock.instant(), held, BATCH);
            Instant renewAt = clock.instant().plus(held.dividedBy(3));
            // deliveries to EventAdmin only are recorded together: one commit per batch, not one each
            List<AttemptRecord> local = new ArrayList<>();
            for (int i = 0; i < due.size(); i++) {
                DueDelivery d = due.get(i);
                if (clock.instant().isAfter(renewAt)) {
                    // slow forwards: keep the rest of the batch leased, so that no other node takes it meanwhile
                    events.extendLeases(due.subList(i, due.size()).stream().map(DueDelivery::id).toList(),
                            clock.instant().plus(held));
                    renewAt = clock.instant().plus(held.dividedBy(3));
                }
                if (!hooked(d)) {
                    continue; // leased: due again when the lease ends
                }
                if (d.forwardUrl() == null) {
                    if (d.attempts() == 0) {
                        publish(d);
                    }
                    local.add(new AttemptRecord(d.id(), new Attempt(clock.instant(), null, 0, null), true, null));
                } else {
                    deliver(d);
                }
            }
            events.recordAttempts(local);
            metrics.delivered.add(local.size());
            total += due.size();
            if (due.size() < BATCH) {
                return total;
            }
        }
    }

    /** Runs the delivery hook; {@code false} when it failed (the delivery is left for later). */
    private boolean hooked(DueDelivery d) {
        try {
            hook.delivering(d.eventSource(), d.event(), d.body());
            return true;
        } catch (RuntimeException e) {
            LOG.warn("Delivery of event {} to {} is put off: {}", d.event().id(), d.eventSource(), e.toString());
            return false;
        }
    }

    void deliver(DueDelivery d) {
        if (d.attempts() == 0) {
            publish(d);
        }
        Instant started = clock.instant();
        if (d.forwardUrl() == null) {
            events.recordAttempt(d.id(), new Attempt(started, null, 0, null), true, null);
            metrics.delivered.increment();
            return;
        }
        Integer status = null;
        String error;
        long latency;
        try {
            HttpResponse<Void> response = http.send(forwardRequest(d), HttpResponse.BodyHandlers.discarding());
            status = response.statusCode();
            error = status / 100 == 2 ? null : "HTTP " + status;
        } catch (java.io.IOException | GeneralSecurityException e) {
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        } catch (RuntimeException e) {
            error = e.toString();
        }
        latency = Duration.between(started, clock.instant()).toMillis();
        String outcome = error == null ? "delivered" : "failed";
        io.plugboard.core.internal.metrics.CoreMeters.FORWARDS.labelValues(outcome).inc();
        io.plugboard.core.internal.metrics.CoreMeters.FORWARD_LATENCY.labelValues(outcome).observe(latency / 1000.0);
        if (error == null) {
            events.recordAttempt(d.id(), new Attempt(started, status, latency, null), true, null);
            metrics.delivered.increment();
            return;
        }
        int attempt = d.attempts() + 1;
        Instant next = attempt <= schedule.size() ? clock.instant().plus(jitter(schedule.get(attempt - 1))) : null;
        events.recordAttempt(d.id(), new Attempt(started, status, latency, error), false, next);
        metrics.failedAttempts.increment();
        if (next == null) {
            metrics.dead.increment();
            io.plugboard.core.internal.metrics.CoreMeters.DEAD.inc();
            LOG.warn("Delivery of event {} to {} is dead after {} attempts: {}", d.event().id(), d.eventSource(), attempt, error);
        } else {
            LOG.info("Delivery of event {} to {} failed (attempt {}): {}; next try at {}", d.event().id(), d.eventSource(),
                    attempt, error, next);
        }
    }

    private HttpRequest forwardRequest(DueDelivery d) throws GeneralSecurityException {
        String id = d.id();
        String timestamp = String.valueOf(clock.instant().getEpochSecond());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(d.forwardUrl()))
                .timeout(forwardTimeout)
                .header("Content-Type", d.event().headers().getOrDefault("content-type", "application/json"))
                .header("webhook-id", id)
                .header("webhook-timestamp", timestamp)
                .header("X-Plugboard-Event", d.event().id())
                .header("X-Plugboard-Event-Type", d.event().eventType())
                .header("X-Plugboard-Provider", d.event().provider())
                .POST(HttpRequest.BodyPublishers.ofByteArray(d.body()));
        Optional<String> secret = resources.forwardSecret(d.eventSource());
        if (secret.isPresent()) {
            request.header("webhook-signature", "v1," + sign(secret.get(), id, timestamp, d.body()));
        }
        return request.build();
    }

    /** Standard Webhooks: base64 HMAC-SHA256 of {@code id.timestamp.body} under the secret's key. */
    static String sign(String secret, String id, String timestamp, byte[] body) {
        return WebhookSignatures.standardWebhooksSignature(secret, id, timestamp, body);
    }

    private void publish(DueDelivery d) {
        EventAdmin admin = eventAdmin.get();
        if (admin == null) {
            return;
        }
        Map<String, Object> props = new HashMap<>();
        props.put("id", d.event().id());
        props.put("integration", d.event().integrationUid());
        props.put("provider", d.event().provider());
        props.put("eventType", d.event().eventType());
        props.put("deliveryId", d.event().deliveryId());
        props.put("eventSource", d.eventSource().name());
        props.put("organization", d.eventSource().scope().organization());
        if (d.eventSource().scope().canvasId() != null) {
            props.put("canvasId", d.eventSource().scope().canvasId());
        }
        props.put("receivedAt", d.event().receivedAt().toString());
        props.put("body", new String(d.body(), StandardCharsets.UTF_8));
        admin.postEvent(new Event(topic(d.event().provider(), d.event().eventType()), props));
    }

    /** {@code plugboard/events/<provider>/<eventType>}, with characters a topic may not hold replaced by '_'. */
    static String topic(String provider, String eventType) {
        return EventService.TOPIC_PREFIX + provider + "/" + eventType.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    private static Duration jitter(Duration base) {
        double factor = 0.9 + ThreadLocalRandom.current().nextDouble() * 0.2;
        return Duration.ofMillis(Math.max(1, (long) (base.toMillis() * factor)));
    }

    /** {@code 5s,30s,2m,1h} → durations. */
    static List<Duration> parseSchedule(String text) {
        return java.util.Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(s -> {
            long n = Long.parseLong(s.substring(0, s.length() - 1));
            switch (s.charAt(s.length() - 1)) {
                case 's': return Duration.ofSeconds(n);
                case 'm': return Duration.ofMinutes(n);
                case 'h': return Duration.ofHours(n);
                default: throw new IllegalArgumentException("retry schedule entries look like 5s, 2m or 1h, not '" + s + "'");
            }
        }).toList();
    }
}
