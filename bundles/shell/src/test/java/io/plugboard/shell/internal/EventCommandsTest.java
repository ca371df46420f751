package io.plugboard.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.plugboard.api.event.Attempt;
import io.plugboard.api.event.Delivery;
import io.plugboard.api.event.Event;
import io.plugboard.api.event.EventDetail;
import io.plugboard.api.event.EventQuery;
import io.plugboard.api.event.EventStatus;
import io.plugboard.api.resource.Kind;
import io.plugboard.api.resource.ResourceRef;
import io.plugboard.api.resource.Scope;
import org.junit.Before;
import org.junit.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/** event-list, event-show, event-replay and event-tail against fakes. */
public class EventCommandsTest {

    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00.250Z");
    private static final ResourceRef PUSHES = new ResourceRef(Kind.EVENT_SOURCE, Scope.of("default", "canvas-1"), "pushes");
    private static final ResourceRef ALL = new ResourceRef(Kind.EVENT_SOURCE, Scope.organization("default"), "all");

    private final FakeEventService service = new FakeEventService();
    private final Output output = new Output();

    @Before
    public void events() {
        service.add(detail(event("e3", "uid-1", "push", T0.plusSeconds(120), EventStatus.DEAD),
                "{\"ref\":\"refs/heads/main\",\"commits\":[{\"id\":\"abc\"}]}",
                new Delivery("dl-3", "e3", PUSHES, "https://example.com/hook", EventStatus.DEAD, 5, null, List.of(
                        new Attempt(T0.plusSeconds(121), 500, 120, "HTTP 500"),
                        new Attempt(T0.plusSeconds(126), null, 5000, "connect timed out")))));
        service.add(detail(event("e2", "uid-2", "pipeline_done", T0.plusSeconds(60), EventStatus.UNMATCHED), "x=1"));
        service.add(detail(event("e1", "uid-1", "push", T0, EventStatus.DELIVERED), "{}",
                new Delivery("dl-1", "e1", ALL, null, EventStatus.DELIVERED, 1, null,
                        List.of(new Attempt(T0.plusSeconds(1), null, 0, null)))));
    }

    // ---- event-list

    @Test
    public void eventListShowsTheNewestFirst() {
        EventListCommand list = list();
        list.execute();
        assertEquals(List.of(
                List.of("ID", "Received", "Provider", "Event type", "Delivery ID", "Status"),
                List.of("e3", "2024-05-01T10:02:00Z", "github", "push", "d-e3", "dead"),
                List.of("e2", "2024-05-01T10:01:00Z", "github", "pipeline_done", "d-e2", "unmatched"),
                List.of("e1", "2024-05-01T10:00:00Z", "github", "push", "d-e1", "delivered")), output.table());
        assertEquals(new EventQuery(null, null, null, null, 20, 0), service.lastQuery);
    }

    @Test
    public void eventListPassesItsFilters() {
        EventListCommand list = list();
        list.integration = "uid-1";
        list.eventSource = "pushes";
        list.status = "DEAD";
        list.since = "2024-05-01T10:01:00Z";
        list.limit = 5;
        list.execute();
        assertEquals(new EventQuery("uid-1", "pushes", EventStatus.DEAD, Instant.parse("2024-05-01T10:01:00Z"), 5, 0),
                service.lastQuery);
        assertEquals(2, output.table().size());
        assertEquals("e3", output.table().get(1).get(0));
    }

    @Test
    public void eventListTakesAnIntegrationByNameAndRefusesAnUnknownOne() {
        EventListCommand byName = list();
        byName.integration = "1";
        byName.execute();
        assertEquals("uid-1", service.lastQuery.integrationUid());
        EventListCommand unknown = list();
        unknown.integration = "nope";
        IllegalArgumentException e = org.junit.Assert.assertThrows(IllegalArgumentException.class, unknown::execute);
        assertTrue(e.getMessage(), e.getMessage().contains("No Integration 'nope'"));
    }

    @Test
    public void anEmptyEventListSaysWhatWasAskedFor() {
        EventListCommand list = list();
        list.status = "pending";
        list.eventSource = "pushes";
        list.execute();
        assertTrue(output.text(), output.text().contains("No events with event source 'pushes', status pending."));
        Output none = new Output();
        EventListCommand empty = new EventListCommand();
        empty.events = new FakeEventService();
        empty.out = none.stream;
        empty.execute();
        assertTrue(none.text(), none.text().contains("No events yet."));
    }

    @Test
    public void eventListRefusesBadOptionsBeforeAsking() {
        for (java.util.function.Consumer<EventListCommand> bad : List.<java.util.function.Consumer<EventListCommand>>of(
                c -> c.status = "lost", c -> c.since = "yesterday", c -> c.limit = 0, c -> c.limit = 1001)) {
            EventListCommand list = list();
            bad.accept(list);
            try {
                list.execute();
                fail("refused expected");
            } catch (IllegalArgumentException e) {
                assertFalse(e.getMessage().isBlank());
            }
        }
        assertNull(service.lastQuery);
    }

    @Test
    public void withoutTheEventServiceTheCommandsSaySo() {
        EventListCommand list = new EventListCommand();
        list.out = output.stream;
        try {
            list.execute();
            fail();
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("event service is not available"));
        }
    }

    // ---- event-show

    @Test
    public void eventShowPrintsFieldsHeadersPrettyBodyAndDeliveries() {
        show("e3");
        assertEquals(List.of(
                "ID           e3",
                "Received     2024-05-01T10:02:00.250Z",
                "Integration  uid-1",
                "Provider     github",
                "Event type   push",
                "Delivery ID  d-e3",
                "Status       dead",
                "Headers",
                "  content-type: application/json",
                "  x-github-event: push",
                "Body",
                "  {",
                "    \"ref\": \"refs/heads/main\",",
                "    \"commits\": [",
                "      {",
                "        \"id\": \"abc\"",
                "      }",
                "    ]",
                "  }",
                "Deliveries",
                "  dl-3 -> eventsource/pushes (default/canvas-1): dead, 5 attempts",
                "    forward to https://example.com/hook",
                "    2024-05-01T10:02:01Z  HTTP 500      120 ms  HTTP 500",
                "    2024-05-01T10:02:06Z  no answer    5000 ms  connect timed out"), output.lines());
    }

    @Test
    public void eventShowPrintsTextAsIsAndSaysWhenNothingMatched() {
        show("e2");
        List<String> lines = output.lines();
        assertEquals("  x=1", lines.get(lines.indexOf("Body") + 1));
        assertEquals("  none: no event source matched", lines.get(lines.size() - 1));
    }

    @Test
    public void eventShowOfADeliveredEvent() {
        show("e1");
        List<String> lines = output.lines();
        assertEquals("  {}", lines.get(lines.indexOf("Body") + 1));
        assertEquals("  dl-1 -> eventsource/all: delivered, 1 attempt", lines.get(lines.indexOf("Deliveries") + 1));
        assertEquals("    2024-05-01T10:00:01Z  no answer       0 ms  ok", lines.get(lines.size() - 1));
    }

    @Test
    public void aLargeBodyIsCutAfter4KbWithANote() {
        StringBuilder big = new StringBuilder("[");
        for (int i = 0; i < 2000; i++) {
            big.append(i == 0 ? "" : ",").append("\"item-").append(i).append('"');
        }
        big.append(']');
        service.add(detail(event("big", "uid-1", "push", T0, EventStatus.PENDING), big.toString()));
        show("big");
        String text = output.text();
        String body = text.substring(text.indexOf("Body\n") + 5, text.indexOf("Deliveries\n"));
        assertTrue(body, body.startsWith("  [\n    \"item-0\",\n    \"item-1\",\n"));
        List<String> bodyLines = List.of(body.split("\n"));
        String shown = String.join("\n", bodyLines.subList(0, bodyLines.size() - 1).stream()
                .map(l -> l.substring(2)).toList());
        assertTrue(shown.length() + " bytes shown", shown.length() <= EventText.MAX_BODY_BYTES
                && shown.length() > EventText.MAX_BODY_BYTES - 40);
        String note = bodyLines.get(bodyLines.size() - 1);
        assertTrue(note, note.startsWith("  ... (truncated: " + shown.length() + " of ")
                && note.endsWith(" bytes shown; GET /api/v1/events/big has the whole body)"));
        assertTrue("cut at a line end", bodyLines.get(bodyLines.size() - 2).matches("    \"item-\\d+\",?"));
    }

    @Test
    public void aBinaryBodyIsNotPrinted() {
        service.add(new EventDetail(event("bin", "uid-1", "push", T0, EventStatus.PENDING),
                new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1}, List.of()));
        show("bin");
        List<String> lines = output.lines();
        assertEquals("  (4 bytes, not UTF-8 text; GET /api/v1/events/bin has them in base64)",
                lines.get(lines.indexOf("Body") + 1));
    }

    @Test
    public void eventShowOfAnUnknownIdSaysWhereToLook() {
        EventShowCommand show = new EventShowCommand();
        show.events = service;
        show.out = output.stream;
        show.id = "nope";
        try {
            show.execute();
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("No event 'nope'. See plugboard:event-list.", e.getMessage());
        }
    }

    // ---- event-replay

    @Test
    public void eventReplayPrintsWhatWasQueued() {
        replay("e3");
        assertEquals(List.of("e3"), service.replayed);
        assertEquals(List.of(
                "Event e3 (github/push, delivery d-e3) replayed: pending",
                "  queued dl-3 -> eventsource/pushes (default/canvas-1) (https://example.com/hook): pending, 5 attempts, "
                        + "next attempt 2024-05-01T11:00:00Z"), output.lines());
    }

    @Test
    public void eventReplayOfAnEventThatMatchesNothing() {
        replay("e2");
        assertEquals(List.of(
                "Event e2 (github/pipeline_done, delivery d-e2) replayed: unmatched",
                "  nothing queued: no event source matches it"), output.lines());
    }

    @Test
    public void eventReplayOfAnUnknownIdReplaysNothing() {
        try {
            replay("nope");
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("No event 'nope'. See plugboard:event-list.", e.getMessage());
        }
        assertEquals(List.of(), service.replayed);
    }

    // ---- event-tail

    @Test
    public void eventTailPrintsMatchingEventsUntilInterruptedThenUnregisters() throws Exception {
        FakeBundleContext context = new FakeBundleContext();
        EventTailCommand tail = new EventTailCommand();
        tail.bundleContext = context.proxy();
        tail.out = output.stream;
        tail.clock = Clock.fixed(Instant.parse("2024-05-01T12:00:00.900Z"), ZoneOffset.UTC);
        tail.eventSource = "pushes";
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                tail.execute();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        thread.start();
        EventHandler handler = context.awaitHandler();
        assertEquals("plugboard/events/*", context.properties.get(EventConstants.EVENT_TOPIC));
        assertEquals("(eventSource=pushes)", context.properties.get(EventConstants.EVENT_FILTER));

        handler.handleEvent(osgiEvent("e1", "pushes"));
        handler.handleEvent(osgiEvent("e2", "issues"));      // EventAdmin filters too; the handler does not rely on it
        handler.handleEvent(osgiEvent("e3", "pushes"));
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (output.lines().size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        thread.interrupt();                                    // what Ctrl-C does
        thread.join(5000);
        assertFalse("stopped", thread.isAlive());
        assertNull(failure.get());
        assertTrue("unregistered", context.unregistered.get());
        assertEquals(List.of(
                "Following events for event source 'pushes'; press Ctrl-C to stop.",
                "2024-05-01T12:00:00Z github/push d-e1 -> pushes (e1)",
                "2024-05-01T12:00:00Z github/push d-e3 -> pushes (e3)"), output.lines());
    }

    @Test
    public void eventTailFilters() {
        assertNull(EventTailCommand.filter(null, null));
        assertEquals("(integration=uid-1)", EventTailCommand.filter(null, "uid-1"));
        assertEquals("(&(eventSource=a\\*b)(integration=uid-1))", EventTailCommand.filter("a*b", "uid-1"));
        org.osgi.service.event.Event event = osgiEvent("e1", "pushes");
        assertTrue(EventTailCommand.matches(event, null, null));
        assertTrue(EventTailCommand.matches(event, "pushes", "uid-1"));
        assertFalse(EventTailCommand.matches(event, "pushes", "uid-2"));
        assertFalse(EventTailCommand.matches(event, "issues", null));
    }

    // ---- helpers

    private EventListCommand list() {
        EventListCommand list = new EventListCommand();
        list.events = service;
        list.out = output.stream;
        FakeResourceService resources = new FakeResourceService();
        resources.apply("kind: Integration\nname: 1\n---\nkind: EventSource\nname: pushes\n");
        list.resources = resources;
        return list;
    }

    private void show(String id) {
        EventShowCommand show = new EventShowCommand();
        show.events = service;
        show.out = output.stream;
        show.id = id;
        show.execute();
    }

    private void replay(String id) {
        EventReplayCommand replay = new EventReplayCommand();
        replay.events = service;
        replay.out = output.stream;
        replay.id = id;
        replay.execute();
    }

    private static Event event(String id, String integration, String type, Instant at, EventStatus status) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-github-event", "push");
        headers.put("content-type", "application/json");
        return new Event(id, integration, "github", "d-" + id, type, at, headers, status);
    }

    private static EventDetail detail(Event event, String body, Delivery... deliveries) {
        return new EventDetail(event, body.getBytes(StandardCharsets.UTF_8), List.of(deliveries));
    }

    private static org.osgi.service.event.Event osgiEvent(String id, String eventSource) {
        Map<String, Object> props = new HashMap<>();
        props.put("id", id);
        props.put("integration", "uid-1");
        props.put("provider", "github");
        props.put("eventType", "push");
        props.put("deliveryId", "d-" + id);
        props.put("eventSource", eventSource);
        props.put("organization", "default");
        props.put("receivedAt", "2024-05-01T10:00:00Z");
        props.put("body", "{}");
        return new org.osgi.service.event.Event("plugboard/events/github/push", props);
    }

    /** Records the one service event-tail registers. */
    private static final class FakeBundleContext {
        final AtomicBoolean unregistered = new AtomicBoolean();
        volatile EventHandler handler;
        volatile Dictionary<?, ?> properties;

        BundleContext proxy() {
            ServiceRegistration<?> registration = (ServiceRegistration<?>) Proxy.newProxyInstance(
                    ServiceRegistration.class.getClassLoader(), new Class<?>[] {ServiceRegistration.class},
                    (self, method, args) -> {
                        if ("unregister".equals(method.getName())) {
                            unregistered.set(true);
                        }
                        return null;
                    });
            return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                    new Class<?>[] {BundleContext.class}, (self, method, args) -> {
                        if ("registerService".equals(method.getName()) && args[0] == EventHandler.class) {
                            properties = (Dictionary<?, ?>) args[2];
                            handler = (EventHandler) args[1];
                            return registration;
                        }
                        throw new UnsupportedOperationException(method.getName());
                    });
        }

        EventHandler awaitHandler() throws InterruptedException {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (handler == null && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertNotNull("registered", handler);
            return handler;
        }
    }
}
