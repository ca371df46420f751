package io.plugboard.core.internal.event;

import io.plugboard.api.provider.WebhookBody;
import io.plugboard.api.resource.Resource;

/**
 * Core-internal: who hears of each event as soon as it is stored (not of a duplicate). Implemented by
 * {@link EventServiceImpl}; the executions read the providers' completion webhooks this way, whether or not an event
 * source takes the event.
 */
public interface IngestTap {

    /** Told on the ingesting (HTTP) thread after the commit: it must return quickly and never throw. */
    @FunctionalInterface
    interface Listener {
        void ingested(Resource integration, String eventId, String eventType, WebhookBody body);
    }

    /** Sets (or, with {@code null}, clears) the one listener. */
    void tap(Listener listener);
}
