package io.plugboard.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plugboard.api.event.Attempt;
import io.plugboard.api.event.Delivery;
import io.plugboard.api.event.Event;
import io.plugboard.api.event.EventDetail;
import io.plugboard.api.event.EventQuery;
import io.plugboard.api.event.EventService;
import io.plugboard.api.event.EventStatus;
import io.plugboard.api.event.IngestResult;
import io.plugboard.api.provider.WebhookVerification;
import io.plugboard.api.resource.Kind;
import io.plugboard.api.resource.Resource;
import io.plugboard.api.resource.ResourceRef;
import io.plugboard.api.resource.Scope;
import org.junit.Test;

/** The event endpoints, called as plain objects against an in-memory event log; errors via the mappers. */
public class EventApiTest {

    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    private static final ResourceRef PUSHES = new ResourceRef(Kind.EVENT_SOURCE, new Scope("default", "canvas-1"), "pushes");
    private static final ResourceRef ALL = new ResourceRef(Kind.EVENT_SOURCE, Scope.organization("default"), "all");

    private final ObjectMapper json = RestApiComponent.objectMapper();
    private final FakeEvents service = new FakeEvents();
    private final ResourceApiTest.FakeResources resources = new ResourceApiTest.FakeResources();
    private final EventsResource resource = new EventsResource(service, resources);

    {
        resources.stored.add(new Resource(new ResourceRef(Kind.INTEGRATION, Scope.organization("default"), "gh"), "int-1",
                1, T0, T0, Map.of(), Map.of()));
        resources.stored.add(new Resource(PUSHES, "uid-pushes", 1, T0, T0, Map.of(), Map.of()));
    }

    // ---- GET /events

    @Test
    public void listAnswersItemsLimitAndOffset() throws Exception {
        service.add(event("e2", EventStatus.PENDING), "{}", List.of());
        service.add(event("e1", EventStatus.DELIVERED), "{}", List.of());
        Response r = resource.list(null, null, null, null, null, null);
        assertEquals(200, r.getStatus());
        assertEquals("application/json", r.getMediaType().toString());
        assertEquals(json.readTree("{\"items\":["
                + "{\"id\":\"e2\",\"integration\":\"int-1\",\"provider\":\"github\",\"deliveryId\":\"d-e2\","
                + "\"eventType\":\"push\",\"receivedAt\":\"2024-05-01T10:00:00Z\",\"status\":\"pending\"},"
                + "{\"id\":\"e1\",\"integration\":\"int-1\",\"provider\":\"github\",\"deliveryId\":\"d-e1\","
                + "\"eventType\":\"push\",\"receivedAt\":\"2024-05-01T10:00:00Z\",\"status\":\"delivered\"}],"
                + "\"limit\":50,\"offset\":0}"), toJson(r));
        assertEquals(new EventQuery(null, null, null, null, 50, 0), service.lastQuery);
    }

    @Test
    public void listPassesEveryFilterThrough() throws Exception {
        Response r = resource.list("int-1", "pushes", "DEAD", "2024-05-01T12:00:00+02:00", "10", "20");
        assertEquals(new EventQuery("int-1", "pushes", EventStatus.DEAD, T0, 10, 20), service.lastQuery);
        JsonNode body = toJson(r);
        assertEquals(10, body.path("limit").asInt());
        assertEquals(20, body.path("offset").asInt());
        assertEquals(0, body.path("items").size());

        resource.list("", "", "unmatched", "2024-05-01T10:00:00Z", "1000", "0");
        assertEquals(new EventQuery(null, null, EventStatus.UNMATCHED, T0, 1000, 0), service.lastQuery);
        resource.list(null, null, null, "2024-05-01T12:00:00 02:00", null, null);   // '+' decoded to a space
        assertEquals(T0, service.lastQuery.since());
    }

    @Test
    public void filtersTakeANameOrAUidAndOneThatNamesNothingIs404() throws Exception {
        resource.list("gh", "uid-pushes", null, null, null, null);
        assertEquals(new EventQuery("int-1", "pushes", null, null, 50, 0), service.lastQuery);
        service.lastQuery = null;
        for (String[] c : new String[][] {{"nope", null, "No Integration named 'nope'"},
                {null, "nope", "No EventSource named 'nope'"}, {"uid-pushes", null, "No Integration named 'uid-pushes'"}}) {
            Response r = mapped(() -> resource.list(c[0], c[1], null, null, null, null));
            assertEquals(404, r.getStatus());
            ErrorBody body = (ErrorBody) r.getEntity();
            assertEquals("not_found", body.error());
            assertTrue(body.message(), body.message().contains(c[2]));
        }
        assertNull("nothing is listed for a filter that names nothing", service.lastQuery);
        resources.stored.add(new Resource(new ResourceRef(Kind.INTEGRATION, Scope.organization("acme"), "gh"), "int-2",
                1, T0, T0, Map.of(), Map.of()));
        Response ambiguous = mapped(() -> resource.list("gh", null, null, null, null, null));
        assertEquals(400, ambiguous.getStatus());
        assertTrue(((ErrorBody) ambiguous.getEntity()).message().contains("default, acme"));
        resource.list("int-2", null, null, null, null, null);
        assertEquals("int-2", service.lastQuery.integrationUid());
    }

    @Test
    public void malformedParametersAre400NamingTheParameter() {
        String[][] cases = {
                {"status", "lost", null, null, null},
                {"since", null, "yesterday", null, null},
                {"since", null, "2024-05-01", null, null},
                {"limit", null, null, "0", null},
                {"limit", null, null, "1001", null},
                {"limit", null, null, "ten", null},
                {"offset", null, null, null, "-1"},
                {"offset", null, null, null, "x"}};
        for (String[] c : cases) {
            Response r = mapped(() -> resource.list(null, null, c[1], c[2], c[3], c[4]));
            assertEquals(c[0], 400, r.getStatus());
            ErrorBody body = (ErrorBody) r.getEntity();
            assertEquals("bad_request", body.error());
            assertTrue(body.message(), body.message().contains("'" + c[0] + "'"));
        }
        assertNull("validated before the service is asked", service.lastQuery);
    }

    // ---- GET /events/{id}

    @Test
    public void detailShowsHeadersJsonBodyAndDeliveriesWithTheirAttempts() throws Exception {
        Delivery pending = new Delivery("dl-1", "e1", PUSHES, "https://example.com/hook", EventStatus.PENDING, 2,
                T0.plusSeconds(30), List.of(
                        new Attempt(T0.plusSeconds(1), 500, 120, "HTTP 500"),
                        new Attempt(T0.plusSeconds(6), null, 5000, "timed out")));
        Delivery delivered = new Delivery("dl-2", "e1", ALL, null, EventStatus.DELIVERED, 1, null,
                List.of(new Attempt(T0.plusSeconds(1), null, 0, null)));
        service.add(event("e1", EventStatus.PENDING), "{\"ref\":\"refs/heads/main\",\"commits\":[1,2]}",
                List.of(pending, delivered));

        Response r = resource.get("e1");
        assertEquals(200, r.getStatus());
        JsonNode body = toJson(r);
        assertEquals(List.of("id", "integration", "provider", "deliveryId", "eventType", "receivedAt", "status",
                "headers", "body", "deliveries"), fieldNames(body));
        assertEquals("e1", body.path("id").asText());
        assertEquals("pending", body.path("status").asText());
        assertEquals(json.readTree("{\"content-type\":\"application/json\",\"x-github-event\":\"push\"}"),
                body.path("headers"));
        assertEquals(json.readTree("{\"ref\":\"refs/heads/main\",\"commits\":[1,2]}"), body.path("body"));
        assertEquals(json.readTree("[{\"id\":\"dl-1\",\"eventSource\":{\"name\":\"pushes\",\"organization\":\"default\","
                + "\"canvasId\":\"canvas-1\"},\"forwardUrl\":\"https://example.com/hook\",\"status\":\"pending\","
                + "\"attempts\":2,\"nextAttemptAt\":\"2024-05-01T10:00:30Z\",\"attemptLog\":["
                + "{\"at\":\"2024-05-01T10:00:01Z\",\"statusCode\":500,\"latencyMillis\":120,\"error\":\"HTTP 500\"},"
                + "{\"at\":\"2024-05-01T10:00:06Z\",\"statusCode\":null,\"latencyMillis\":5000,\"error\":\"timed out\"}]},"
                + "{\"id\":\"dl-2\",\"eventSource\":{\"name\":\"all\",\"organization\":\"default\"},\"forwardUrl\":null,"
                + "\"status\":\"delivered\",\"attempts\":1,\"nextAttemptAt\":null,\"attemptLog\":["
                + "{\"at\":\"2024-05-01T10:00:01Z\",\"statusCode\":null,\"latencyMillis\":0,\"error\":null}]}]"),
                body.path("deliveries"));
    }

    @Test
    public void aBodyThatIsNotJsonIsTextOrBase64() throws Exception {
        service.add(event("text", EventStatus.UNMATCHED), "payload=%7B%7D&x=é", List.of());
        service.add(event("almost", EventStatus.UNMATCHED), "{\"a\":1} trailing", List.of());
        byte[] binary = {(byte) 0xff, (byte) 0xfe, 0x00, 0x41};
        service.add(event("binary", EventStatus.UNMATCHED), binary, List.of());
        service.add(event("empty", EventStatus.UNMATCHED), new byte[0], List.of());

        JsonNode text = toJson(resource.get("text"));
        assertEquals("payload=%7B%7D&x=é", text.path("bodyText").asText());
        assertFalse(text.has("body") || text.has("bodyBase64"));
        assertEquals("{\"a\":1} trailing", toJson(resource.get("almost")).path("bodyText").asText());
        JsonNode bin = toJson(resource.get("binary"));
        assertEquals(Base64.getEncoder().encodeToString(binary), bin.path("bodyBase64").asText());
        assertFalse(bin.has("body") || bin.has("bodyText"));
        assertEquals("", toJson(resource.get("empty")).path("bodyText").asText());
        assertEquals("unmatched", text.path("status").asText());
        assertEquals(0, text.path("deliveries").size());
    }

    @Test
    public void anAbsentEventIs404() {
        Response r = mapped(() -> resource.get("nope"));
        assertEquals(404, r.getStatus());
        assertEquals(new ErrorBody("not_found", "No event 'nope'."), r.getEntity());
    }

    // ---- POST /events/{id}/replay

    @Test
    public void replayIs202WithTheEventAsQueuedAgain() throws Exception {
        service.add(event("e1", EventStatus.DEAD), "{\"a\":1}", List.of(new Delivery("dl-1", "e1", PUSHES,
                "https://example.com/hook", EventStatus.DEAD, 5, null, List.of())));
        Response r = resource.replay("e1");
        assertEquals(202, r.getStatus());
        assertEquals(List.of("e1"), service.replayed);
        JsonNode body = toJson(r);
        assertEquals("pending", body.path("status").asText());
        assertEquals("pending", body.path("deliveries").get(0).path("status").asText());
        assertEquals("2024-05-01T10:00:00Z", body.path("deliveries").get(0).path("nextAttemptAt").asText());
        assertEquals(1, body.path("body").path("a").asInt());
    }

    @Test
    public void replayOfAnAbsentEventIs404WithoutReplaying() {
        Response r = mapped(() -> resource.replay("nope"));
        assertEquals(404, r.getStatus());
        assertEquals(new ErrorBody("not_found", "No event 'nope'."), r.getEntity());
        assertEquals(List.of(), service.replayed);
    }

    @Test
    public void eventPathsNeedTheToken() {
        assertFalse(AdminAuthFilter.isPublic("GET", "/events"));
        assertFalse(AdminAuthFilter.isPublic("GET", "/events/e1"));
        assertFalse(AdminAuthFilter.isPublic("POST", "/events/e1/replay"));
    }

    @Test
    public void theEventServiceIsLateBoundLikeTheResourceService() throws Exception {
        WaitingServiceProxy<EventService> late = new WaitingServiceProxy<>(EventService.class, Duration.ofMillis(50), "later");
        EventService proxy = late.proxy();
        Response r = mapped(() -> new EventsResource(proxy, resources).get("e1"));
        assertEquals(503, r.getStatus());
        late.bind(service);
        service.add(event("e1", EventStatus.PENDING), "{}", List.of());
        assertEquals(200, new EventsResource(proxy, resources).get("e1").getStatus());
    }

    // ---- helpers

    private static Event event(String id, EventStatus status) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-github-event", "push");
        headers.put("content-type", "application/json");
        return new Event(id, "int-1", "github", "d-" + id, "push", T0, headers, status);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Response mapped(Runnable call) {
        try {
            call.run();
        } catch (javax.ws.rs.WebApplicationException e) {
            return new WebApplicationExceptionMapper().toResponse(e);
        } catch (RuntimeException e) {
            return new ResourceExceptionMapper().toResponse(e);
        }
        fail("expected an exception");
        return null;
    }

    private JsonNode toJson(Response r) throws Exception {
        return json.readTree(json.writeValueAsString(r.getEntity()));
    }

    /** An in-memory event log: newest first, as added. */
    static final class FakeEvents implements EventService {
        final List<EventDetail> stored = new ArrayList<>();
        final List<String> replayed = new ArrayList<>();
        EventQuery lastQuery;

        void add(Event event, String body, List<Delivery> deliveries) {
            add(event, body.getBytes(StandardCharsets.UTF_8), deliveries);
        }

        void add(Event event, byte[] body, List<Delivery> deliveries) {
            stored.add(new EventDetail(event, body, deliveries));
        }

        @Override
        public List<Event> list(EventQuery query) {
            lastQuery = query;
            return stored.stream().map(EventDetail::event).skip(query.offset()).limit(query.limit()).toList();
        }

        @Override
        public Optional<EventDetail> get(String id) {
            return stored.stream().filter(d -> d.event().id().equals(id)).findFirst();
        }

        @Override
        public EventDetail replay(String id) {
            EventDetail d = get(id).orElseThrow(() -> new IllegalArgumentException("No event '" + id + "'."));
            replayed.add(id);
            Event e = d.event();
            EventDetail again = new EventDetail(new Event(e.id(), e.integrationUid(), e.provider(), e.deliveryId(),
                    e.eventType(), e.receivedAt(), e.headers(), EventStatus.PENDING), d.body(),
                    d.deliveries().stream().map(x -> new Delivery(x.id(), x.eventId(), x.eventSource(), x.forwardUrl(),
                            EventStatus.PENDING, x.attempts(), T0, x.attemptLog())).toList());
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
}
