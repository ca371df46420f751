package io.plugboard.api.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.plugboard.api.provider.WebhookBody;
import io.plugboard.api.provider.WebhookVerification;
import io.plugboard.api.resource.Resource;
import org.osgi.annotation.versioning.ProviderType;

/** The durable event log and its delivery queue. Implemented by Plugboard core. */
@ProviderType
public interface EventService {

    /** EventAdmin topics: {@code plugboard/events/<provider>/<eventType>}. */
    String TOPIC_PREFIX = "plugboard/events/";

    /**
     * Stores a verified delivery and queues it for every event source it matches, in one transaction; when this
     * returns, the event survives a crash. A delivery id seen before for the same integration stores nothing.
     */
    IngestResult ingest(Resource integration, WebhookVerification verified, Map<String, String> headers, byte[] body);

    /**
     * As {@link #ingest(Resource, WebhookVerification, Map, byte[])}, with the body read from {@code body} while it is
     * stored: a large body is written in pieces and never held in memory whole.
     *
     * @since 1.2.0
     */
    default IngestResult ingest(Resource integration, WebhookVerification verified, Map<String, String> headers,
                                WebhookBody body) {
        try (java.io.InputStream in = body.open()) {
            return ingest(integration, verified, headers, in.readAllBytes());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    List<Event> list(EventQuery query);

    Optional<EventDetail> get(String id);

    /** Queues every delivery of the event again, now; an event that matched nothing is matched again. */
    EventDetail replay(String id);

    // ---- for the dispatcher

    /**
     * Deliveries due at {@code now}, at most {@code max}; each is leased for {@code lease} so that, should the
     * dispatcher die, it is due again afterwards.
     */
    List<DueDelivery> claimDue(Instant now, java.time.Duration lease, int max);

    /**
     * Records an attempt.
     *
     * @param next when to try again; {@code null} with a failed attempt makes the delivery dead
     */
    void recordAttempt(String deliveryId, Attempt attempt, boolean delivered, Instant next);

    /**
     * Records several attempts; an implementation may do it in one transaction (the dispatcher records a batch of
     * deliveries to EventAdmin this way). By default, one {@link #recordAttempt} each.
     */
    default void recordAttempts(java.util.List<AttemptRecord> records) {
        for (AttemptRecord r : records) {
            recordAttempt(r.deliveryId(), r.attempt(), r.delivered(), r.next());
        }
    }

    /** Deletes events received before {@code before}, with their deliveries (and so their dedupe keys). */
    int purge(Instant before);
}
