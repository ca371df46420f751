package io.plugboard.shell.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.plugboard.api.event.Attempt;
import io.plugboard.api.event.Delivery;
import io.plugboard.api.event.Event;
import io.plugboard.api.event.EventDetail;
import io.plugboard.api.event.EventQuery;
import io.plugboard.api.event.EventService;
import io.plugboard.api.event.EventStatus;
import io.plugboard.api.event.IngestResult;
import io.plugboard.api.provider.WebhookVerification;
import io.plugboard.api.resource.Resource;

/** In-memory event log: events in the order added (newest first), filtered like core does. */
class FakeEventService implements EventService {

    static final Instant NEXT = Instant.parse("2024-05-01T11:00:00Z");

    final List<EventDetail> stored = new ArrayList<>();
    final List<String> replayed = new ArrayList<>();
    EventQuery lastQuery;

    void add(EventDetail detail) {
        stored.add(detail);
    }

    @Override
    public List<Event> list(EventQuery query) {
        lastQuery = query;
        return stored.stream()
                .filter(d -> query.integrationUid() == null || query.integrationUid().equals(d.event().integrationUid()))
                .filter(d -> query.eventSource() == null || d.deliveries().stream()
                        .anyMatch(x -> x.eventSource().name().equals(query.eventSource())))
                .filter(d -> query.status() == null || query.status() == d.event().status())
                .filter(d -> query.since() == null || !d.event().receivedAt().isBefore(query.since()))
                .map(EventDetail::event)
                .skip(query.offset()).limit(query.limit())
                .toList();
    }

    @Override
    public Optional<EventDetail> get(String id) {
        return stored.stream().filter(d -> d.event().id().equals(id)).findFirst();
    }

    /** Every delivery pending again, due at {@link #NEXT}. */
    @Override
    public EventDetail replay(String id) {
        EventDetail d = get(id).orElseThrow(() -> new IllegalArgumentException("No event '" + id + "'."));
        replayed.add(id);
        Event e = d.event();
        EventStatus status = d.deliveries().isEmpty() ? EventStatus.UNMATCHED : EventStatus.PENDING;
        EventDetail again = new EventDetail(new Event(e.id(), e.integrationUid(), e.provider(), e.deliveryId(),
                e.eventType(), e.receivedAt(), e.headers(), status), d.body(),
                d.deliveries().stream().map(x -> new Delivery(x.id(), x.eventId(), x.eventSource(), x.forwardUrl(),
                        EventStatus.PENDING, x.attempts(), NEXT, x.attemptLog())).toList());
        stored.set(stored.indexOf(d), again);
        return again;
    }

    @Override
    public IngestResult ingest(Resource integration, WebhookVerification verified, Map<String, String> headers,
                               byte[] body) {
        throw new UnsupportedOperationException();
    }



    @Override
    public int purge(Instant before) {
        throw new UnsupportedOperationException();
    }
}
