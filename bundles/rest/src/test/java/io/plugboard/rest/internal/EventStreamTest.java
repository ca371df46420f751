package io.plugboard.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import javax.servlet.AsyncContext;
import javax.servlet.AsyncEvent;
import javax.servlet.AsyncListener;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.Test;
import org.osgi.service.event.Event;

/** GET /api/v1/events/stream without a container: frames, filters, the per-client queues, auth and the servlet. */
public class EventStreamTest {

    private static final String TOKEN = "s3cret";

    private final ObjectMapper json = new ObjectMapper();
    private final AtomicLong clock = new AtomicLong(0);
    private final EventStreamHub hub = new EventStreamHub(3, 2, Duration.ofSeconds(15), clock::get);

    // ---- frames and filters

    @Test
    public void anEventBecomesOneFrameWithOneLineOfJson() throws Exception {
        StreamEvent event = StreamEvent.of(osgiEvent("e1", "pushes", "int-1", "{\n  \"ref\": \"main\"\n}"));
        assertEquals("github", event.provider());
        assertEquals("canvas-1", event.canvasId());
        String frame = event.frame();
        assertTrue(frame, frame.startsWith("id: e1\nevent: push\ndata: {"));
        assertTrue(frame, frame.endsWith("}\n\n"));
        String[] lines = frame.split("\n", -1);
        assertEquals("id, event, data, blank line", 5, lines.length);
        assertEquals(json.readTree("{\"id\":\"e1\",\"integration\":\"int-1\",\"provider\":\"github\",\"eventType\":\"push\","
                + "\"deliveryId\":\"d-e1\",\"eventSource\":\"pushes\",\"receivedAt\":\"2024-05-01T10:00:00Z\","
                + "\"body\":\"{\\n  \\\"ref\\\": \\\"main\\\"\\n}\"}"), json.readTree(lines[2].substring("data: ".length())));
        assertEquals(List.of("id", "integration", "provider", "eventType", "deliveryId", "eventSource", "receivedAt",
                "body"), fieldNames(json.readTree(lines[2].substring(6))));
    }

    @Test
    public void providerAndTypeFallBackToTheTopicAndFieldsStayOnOneLine() {
        Map<String, Object> props = new HashMap<>();
        props.put("id", "e\r\n2");
        props.put("body", "x".getBytes(StandardCharsets.UTF_8));
        StreamEvent event = StreamEvent.of(new Event("plugboard/events/semaphore/pipeline_done", props));
        assertEquals("semaphore", event.provider());
        assertEquals("pipeline_done", event.eventType());
        assertEquals("x", event.body());
        assertNull(event.canvasId());
        assertTrue(event.frame(), event.frame().startsWith("id: e  2\nevent: pipeline_done\ndata: {"));
    }

    @Test
    public void filtersMatchEventSourceAndIntegration() {
        StreamEvent event = StreamEvent.of(osgiEvent("e1", "pushes", "int-1", "{}"));
        assertTrue(event.matches(null, null));
        assertTrue(event.matches("pushes", null));
        assertTrue(event.matches(null, "int-1"));
        assertTrue(event.matches("pushes", "int-1"));
        assertFalse(event.matches("issues", null));
        assertFalse(event.matches(null, "int-2"));
        assertFalse(event.matches("pushes", "int-2"));
    }

    // ---- the hub

    @Test
    public void eachClientGetsTheEventsItAskedFor() {
        FakeSink all = new FakeSink();
        FakeSink pushes = new FakeSink();
        FakeSink other = new FakeSink();
        EventStreamHub roomy = new EventStreamHub(10, 10, Duration.ofSeconds(15), clock::get);
        roomy.add(all, null, null);
        roomy.add(pushes, "pushes", "int-1");
        roomy.add(other, null, "int-2");
        roomy.publish(StreamEvent.of(osgiEvent("e1", "pushes", "int-1", "{}")));
        roomy.publish(StreamEvent.of(osgiEvent("e2", "issues", "int-1", "{}")));
        assertEquals("nothing is written on the publishing thread", "", all.text());
        assertEquals(2, roomy.pump());
        assertEquals(List.of("e1", "e2"), ids(all.text()));
        assertEquals(List.of("e1"), ids(pushes.text()));
        assertEquals("", other.text());
        assertEquals("frames are written together, once per round", 1, all.writes);
    }

    @Test
    public void aClientThatDoesNotKeepUpIsDroppedWithoutBlockingThePublisher() {
        FakeSink slow = new FakeSink();
        FakeSink fine = new FakeSink();
        hub.add(slow, null, null);
        hub.add(fine, "issues", null);
        long started = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            hub.publish(StreamEvent.of(osgiEvent("e" + i, "pushes", "int-1", "{}")));
        }
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(5).toNanos());
        assertEquals("dropped when its queue (3) overflowed", 1, hub.size());
        hub.pump();
        assertTrue("closed on the sender's round", slow.closed);
        assertEquals("", slow.text());
        assertFalse(fine.closed);
    }

    @Test
    public void aClientWhoseWriteFailsIsRemovedAndClosed() {
        FakeSink gone = new FakeSink();
        gone.fail = true;
        hub.add(gone, null, null);
        hub.publish(StreamEvent.of(osgiEvent("e1", "pushes", "int-1", "{}")));
        hub.pump();
        assertEquals(0, hub.size());
        assertTrue(gone.closed);
    }

    @Test
    public void aKeepAliveCommentGoesOutAfter15QuietSeconds() {
        FakeSink sink = new FakeSink();
        hub.add(sink, null, null);
        clock.set(Duration.ofSeconds(14).toNanos());
        hub.pump();
        assertEquals("", sink.text());
        clock.set(Duration.ofSeconds(15).toNanos());
        hub.pump();
        assertEquals(": keep-alive\n\n", sink.text());
        clock.set(Duration.ofSeconds(20).toNanos());
        hub.publish(StreamEvent.of(osgiEvent("e1", "pushes", "int-1", "{}")));
        hub.pump();
        clock.set(Duration.ofSeconds(34).toNanos());
        hub.pump();
        assertEquals("an event counts as a write", 1, ids(sink.text()).size());
        assertFalse(sink.text().endsWith(EventStreamHub.KEEP_ALIVE));
        clock.set(Duration.ofSeconds(35).toNanos());
        hub.pump();
        assertTrue(sink.text().endsWith(EventStreamHub.KEEP_ALIVE));
    }

    @Test
    public void atMostMaxClients() {
        assertNotNull(hub.add(new FakeSink(), null, null));
        assertNotNull(hub.add(new FakeSink(), null, null));
        assertNull(hub.add(new FakeSink(), null, null));
    }

    @Test
    public void theSenderThreadWritesPublishedEventsAndStopClosesEveryClient() throws Exception {
        EventStreamHub live = new EventStreamHub(10, 10, Duration.ofSeconds(15), System::nanoTime);
        FakeSink sink = new FakeSink();
        live.add(sink, null, null);
        live.start();
        try {
            live.publish(StreamEvent.of(osgiEvent("e1", "pushes", "int-1", "{}")));
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (sink.text().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(List.of("e1"), ids(sink.text()));
        } finally {
            live.stop();
        }
        assertTrue(sink.closed);
        assertEquals(0, live.size());
    }

    // ---- the servlet

    @Test
    public void withoutTheAdminTokenIt401sWithJson() throws Exception {
        EventStreamServlet servlet = servlet();
        for (String header : new String[] {null, "Basic abc", "Bearer wrong"}) {
            FakeHttp http = new FakeHttp("GET", header, Map.of());
            servlet.service(http.request(), http.response());
            assertEquals(401, http.status);
            assertEquals("application/json", http.contentType);
            assertEquals(AdminAuthFilter.CHALLENGE, http.headers.get("WWW-Authenticate"));
            JsonNode body = json.readTree(http.body.toByteArray());
            assertEquals("unauthorized", body.path("error").asText());
            assertFalse(body.path("message").asText().isEmpty());
            assertNull("no stream started", http.async);
        }
        assertEquals(0, servlet.hub().size());
    }

    @Test
    public void otherMethodsAre405() throws Exception {
        FakeHttp http = new FakeHttp("POST", "Bearer " + TOKEN, Map.of());
        servlet().service(http.request(), http.response());
        assertEquals(405, http.status);
        assertEquals("GET", http.headers.get("Allow"));
        assertEquals("method_not_allowed", json.readTree(http.body.toByteArray()).path("error").asText());
    }

    @Test
    public void anAuthorizedClientGetsAnAsyncEventStreamOfTheEventsItAskedFor() throws Exception {
        EventStreamServlet servlet = servlet();
        FakeHttp http = new FakeHttp("GET", "bearer " + TOKEN, Map.of("eventSource", "pushes"));
        servlet.service(http.request(), http.response());
        assertEquals(200, http.status);
        assertEquals("text/event-stream", http.contentType);
        assertEquals("UTF-8", http.encoding);
        assertEquals("no-cache", http.headers.get("Cache-Control"));
        assertTrue("headers flushed", http.flushed);
        assertNotNull(http.async);
        assertEquals(Long.valueOf(0), http.asyncTimeout);
        assertEquals(1, servlet.hub().size());

        servlet.handleEvent(osgiEvent("e1", "issues", "int-1", "{}"));
        servlet.handleEvent(osgiEvent("e2", "pushes", "int-1", "{\"a\":1}"));
        servlet.hub().pump();
        String text = http.body.toString(StandardCharsets.UTF_8);
        assertEquals(List.of("e2"), ids(text));
        assertTrue(text, text.startsWith("id: e2\nevent: push\ndata: {\"id\":\"e2\""));

        http.listeners.get(0).onComplete(new AsyncEvent(http.async));
        assertEquals("forgotten once the response is over", 0, servlet.hub().size());
        servlet.hub().pump();
        assertTrue(http.completed);
    }

    @Test
    public void aBrokenEventDoesNotReachEventAdmin() {
        EventStreamServlet servlet = servlet();
        FakeSink sink = new FakeSink();
        servlet.hub().add(sink, null, null);
        servlet.handleEvent(new Event("plugboard/events/github/push", Map.of("receivedAt", new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("boom");
            }
        })));
        servlet.hub().pump();
        assertEquals("", sink.text());
    }

    // ---- helpers

    private EventStreamServlet servlet() {
        return new EventStreamServlet(TOKEN::equals,
                new EventStreamHub(EventStreamServlet.QUEUE_CAPACITY, 10, EventStreamServlet.KEEP_ALIVE, clock::get));
    }

    private static Event osgiEvent(String id, String eventSource, String integration, String body) {
        Map<String, Object> props = new HashMap<>();
        props.put("id", id);
        props.put("integration", integration);
        props.put("provider", "github");
        props.put("eventType", "push");
        props.put("deliveryId", "d-" + id);
        props.put("eventSource", eventSource);
        props.put("organization", "default");
        props.put("canvasId", "canvas-1");
        props.put("receivedAt", "2024-05-01T10:00:00Z");
        props.put("body", body);
        return new Event("plugboard/events/github/push", props);
    }

    /** The ids of the frames in a stream's text. */
    private static List<String> ids(String text) {
        List<String> ids = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("id: ")) {
                ids.add(line.substring(4));
            }
        }
        return ids;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static final class FakeSink implements EventStreamHub.Sink {
        final StringBuilder written = new StringBuilder();
        int writes;
        boolean fail;
        boolean closed;

        @Override
        public synchronized void write(String text) throws IOException {
            if (fail) {
                throw new IOException("Broken pipe");
            }
            written.append(text);
            writes++;
        }

        @Override
        public void close() {
            closed = true;
        }

        synchronized String text() {
            return written.toString();
        }
    }

    /** A request and response as far as the servlet uses them. */
    private static final class FakeHttp {
        final String method;
        final String authorization;
        final Map<String, String> parameters;
        final Map<String, String> headers = new HashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        final List<AsyncListener> listeners = new ArrayList<>();
        int status = 200;
        String contentType;
        String encoding;
        boolean flushed;
        AsyncContext async;
        Long asyncTimeout;
        boolean completed;

        FakeHttp(String method, String authorization, Map<String, String> parameters) {
            this.method = method;
            this.authorization = authorization;
            this.parameters = parameters;
        }

        HttpServletRequest request() {
            return proxy(HttpServletRequest.class, (name, args) -> switch (name) {
                case "getMethod" -> method;
                case "getHeader" -> "Authorization".equalsIgnoreCase((String) args[0]) ? authorization : null;
                case "getParameter" -> parameters.get((String) args[0]);
                case "startAsync" -> async = asyncContext();
                default -> null;
            });
        }

        HttpServletResponse response() {
            ServletOutputStream out = new ServletOutputStream() {
                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                }

                @Override
                public void write(int b) {
                    body.write(b);
                }
            };
            return proxy(HttpServletResponse.class, (name, args) -> {
                switch (name) {
                    case "setStatus" -> status = (Integer) args[0];
                    case "setContentType" -> contentType = (String) args[0];
                    case "setCharacterEncoding" -> encoding = (String) args[0];
                    case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                    case "getOutputStream" -> {
                        return out;
                    }
                    case "flushBuffer" -> flushed = true;
                    default -> {
                    }
                }
                return null;
            });
        }

        private AsyncContext asyncContext() {
            return proxy(AsyncContext.class, (name, args) -> {
                switch (name) {
                    case "setTimeout" -> asyncTimeout = (Long) args[0];
                    case "addListener" -> listeners.add((AsyncListener) args[0]);
                    case "complete" -> completed = true;
                    default -> {
                    }
                }
                return null;
            });
        }

        interface Handler {
            Object call(String method, Object[] args) throws Exception;
        }

        private static <T> T proxy(Class<T> type, Handler handler) {
            return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                    (self, method, args) -> {
                        if (method.getDeclaringClass() == Object.class) {
                            return switch (method.getName()) {
                                case "hashCode" -> System.identityHashCode(self);
                                case "equals" -> self == args[0];
                                default -> type.getSimpleName();
                            };
                        }
                        Object result = handler.call(method.getName(), args);
                        if (result == null && method.getReturnType() == boolean.class) {
                            return false;
                        }
                        return result;
                    }));
        }
    }
}
