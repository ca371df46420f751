package io.plugboard.rest.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import io.plugboard.api.event.EventDetail;
import io.plugboard.api.event.EventQuery;
import io.plugboard.api.event.EventService;
import io.plugboard.api.event.EventStatus;
import io.plugboard.api.resource.Kind;
import io.plugboard.api.resource.ResourceService;

/**
 * {@code /api/v1/events}: the event log - received webhook deliveries, their deliveries to event sources with every
 * attempt - and replay. The live stream, {@code /api/v1/events/stream}, is a servlet of its own
 * ({@link EventStreamServlet}).
 */
@Path("/events")
@Produces(MediaType.APPLICATION_JSON)
public class EventsResource {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;

    private final EventService events;
    private final ResourceService resources;

    public EventsResource(EventService events, ResourceService resources) {
        this.events = events;
        this.resources = resources;
    }

    /**
     * {@code {"items":[{"id","integration","provider","deliveryId","eventType","receivedAt","status"}],"limit","offset"}},
     * newest first. Filters, all optional: {@code integration} and {@code eventSource} (name or uid; one that names
     * nothing is 404), {@code status}
     * ({@code pending}, {@code delivered}, {@code dead}, {@code unmatched}), {@code since} (ISO-8601 instant);
     * {@code limit} 1 to 1000 (default 50), {@code offset} (default 0). A malformed parameter is 400.
     */
    @GET
    public Response list(@QueryParam("integration") String integration, @QueryParam("eventSource") String eventSource,
                         @QueryParam("status") String status, @QueryParam("since") String since,
                         @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        String integrationUid = integration == null || integration.isEmpty() ? null
                : resources.resolve(Kind.INTEGRATION, integration, null).uid();
        String eventSourceName = eventSource == null || eventSource.isEmpty() ? null
                : resources.resolve(Kind.EVENT_SOURCE, eventSource, null).name();
        EventQuery query = new EventQuery(integrationUid, eventSourceName, status(status),
                since(since), integer("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT),
                integer("offset", offset, 0, 0, Integer.MAX_VALUE));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", events.list(query).stream().map(EventView::of).toList());
        body.put("limit", query.limit());
        body.put("offset", query.offset());
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** The event with its headers, body and deliveries (see {@link EventViewValues#detail}); 404 when there is none. */
    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) {
        return Response.ok(EventViewValues.detail(find(id)), MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** Queues every delivery of the event again, now: 202 with the event as {@link #get} shows it; 404 when absent. */
    @POST
    @Path("/{id}/replay")
    public Response replay(@PathParam("id") String id) {
        find(id);
        EventDetail replayed;
        try {
            replayed = events.replay(id);
        } catch (IllegalArgumentException e) {
            find(id);           // deleted (purged) in the meantime: 404; otherwise a real bad request
            throw e;
        }
        return Response.accepted(EventViewValues.detail(replayed)).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    private EventDetail find(String id) {
        return events.get(id).orElseThrow(() -> new ApiException(404, "No event '" + id + "'."));
    }

    static EventStatus status(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        for (EventStatus s : EventStatus.values()) {
            if (s.label().equals(value.toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new ApiException(400, "Query parameter 'status' must be one of "
                + Arrays.stream(EventStatus.values()).map(EventStatus::label).collect(Collectors.joining(", "))
                + ", not '" + value + "'.");
    }

    /** {@code 2024-05-01T10:00:00Z}, or with an offset: {@code 2024-05-01T12:00:00+02:00}. */
    static Instant since(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        String text = value.trim().replace(' ', '+');     // an unencoded '+' of an offset arrives as a space
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException again) {
                throw new ApiException(400, "Query parameter 'since' must be an ISO-8601 instant such as "
                        + "2024-05-01T10:00:00Z, not '" + value + "'.");
            }
        }
    }

    static int integer(String name, String value, int defaultValue, int min, int max) {
        if (value == null || value.isEmpty()) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new ApiException(400, "Query parameter '" + name + "' must be "
                + (max == Integer.MAX_VALUE ? "an integer of at least " + min : "an integer from " + min + " to " + max)
                + ", not '" + value + "'.");
    }
}
