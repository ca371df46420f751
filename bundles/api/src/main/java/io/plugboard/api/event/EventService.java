package io.plugboard.api.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.plugboard.api.provider.WebhookBody;
import io.plugboard.api.provider.WebhookVerification;
import io.plugboard.api.resource.Resource;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The durable event log. Implemented by Plugboard core, which also works the delivery queue behind it (dispatch,
 * retries, purge): callers store, query and replay events; nothing outside core claims or records deliveries.
 */
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

    /** Deletes events received before {@code before}, with their deliveries (and so their dedupe keys). */
    int purge(Instant before);
}
