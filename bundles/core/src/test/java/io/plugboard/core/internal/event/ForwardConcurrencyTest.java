package io.plugboard.core.internal.event;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.plugboard.api.event.Event;
import io.plugboard.api.event.EventStatus;
import io.plugboard.api.resource.Kind;
import io.plugboard.api.resource.ResourceRef;
import io.plugboard.api.resource.Scope;
import org.junit.After;
import org.junit.Test;

/**
 * Forwards run several at a time per destination, at most {@code forwardConcurrency}, and one at a time in the
 * order claimed for an ordered event source; against real HTTP receivers that take 100 ms per request.
 */
public class ForwardConcurrencyTest {

    private static final ResourceRef SOURCE = new ResourceRef(Kind.EVENT_SOURCE, Scope.organization("acme"), "ci");
    private static final ResourceRef ORDERED = new ResourceRef(Kind.EVENT_SOURCE, Scope.organization("acme"), "ordered");

    private final List<Receiver> receivers = new ArrayList<>();
    private EventDispatcher dispatcher;

    @After
    public void stop() {
        receivers.forEach(r -> r.server.stop(0));
        if (dispatcher != null) {
            dispatcher.close();
        }
    }

    @Test
    public void forwardsToOneDestinationRunAtMostTheConfiguredNumberAtOnce() throws Exception {
        Receiver receiver = receiver(100);
        Queue queue = new Queue();
        for (int i = 0; i < 60; i++) {
            queue.add(delivery(i, SOURCE, receiver.url()));
        }
        dispatcher = dispatcher(queue, java.util.Set.of());
        dispatcher.forwardConcurrency(8);

        assertEquals(60, dispatcher.drain());

        assertEquals("every delivery recorded delivered once", 60, queue.delivered.size());
        assertEquals(60, receiver.received.size());
        assertEquals("at most 8 at once, and 8 were reached", 8, receiver.maxConcurrent.get());
    }

    @Test
    public void eachDestinationHasItsOwnLimitSoASlowOneDoesNotHoldUpAnother() throws Exception {
        Receiver slow = receiver(100);
        Receiver fast = receiver(0);
        Queue queue = new Queue();
        for (int i = 0; i < 40; i++) {
            queue.add(delivery(i, SOURCE, (i % 2 == 0 ? slow : fast).url()));
        }
        dispatcher = dispatcher(queue, java.util.Set.of());
        dispatcher.forwardConcurrency(4);

        assertEquals(40, dispatcher.drain());

        assertEquals(20, slow.received.size());
        assertEquals(20, fast.received.size());
        assertEquals(4, slow.maxConcurrent.get());
        assertTrue("the fast receiver was done before the slow one: " + fast.lastAt + " vs " + slow.lastAt,
                fast.lastAt < slow.lastAt);
    }

    @Test
    public void anOrderedEventSourceGetsOneForwardAtATimeInTheOrderOfItsEvents() throws Exception {
        Receiver receiver = receiver(20);
        Queue queue = new Queue();
        for (int i = 0; i < 30; i++) {
            queue.add(delivery(i, ORDERED, receiver.url()));
        }
        dispatcher = dispatcher(queue, java.util.Set.of(ORDERED));
        dispatcher.forwardConcurrency(8);

        assertEquals(30, dispatcher.drain());

        assertEquals(1, receiver.maxConcurrent.get());
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            expected.add("event-" + i);
        }
        assertEquals(expected, receiver.received);
    }

    @Test
    public void theDestinationIsSchemeHostAndPort() {
        assertEquals("http://hooks.example:80", EventDispatcher.destination("http://Hooks.Example/a?b=c"));
        assertEquals("https://hooks.example:443", EventDispatcher.destination("https://hooks.example/x"));
        assertEquals("http://127.0.0.1:9000", EventDispatcher.destination("http://127.0.0.1:9000/y"));
    }

    private EventDispatcher dispatcher(Queue queue, java.util.Set<ResourceRef> ordered) {
        ForwardSecrets secrets = new ForwardSecrets() {
            @Override
            public Optional<String> forwardSecret(ResourceRef eventSource) {
                return Optional.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
            }

            @Override
            public boolean forwardOrdered(ResourceRef eventSource) {
                return ordered.contains(eventSource);
            }
        };
        return new EventDispatcher(queue, secrets, () -> null, HttpClient.newHttpClient(), new DeliveryMetrics(),
                (source, event, body) -> { }, Clock.systemUTC(), List.of(Duration.ofSeconds(5)), Duration.ofSeconds(10));
    }

    private static DueDelivery delivery(int i, ResourceRef source, String url) {
        Event event = new Event("event-" + i, "uid", "github", "d-" + i, "push", Instant.now(),
                Map.of("content-type", "application/json"), EventStatus.PENDING);
        return new DueDelivery("delivery-" + i, 0, source, url, event, ("{\"n\":" + i + "}").getBytes());
    }

    private Receiver receiver(long millis) throws Exception {
        Receiver r = new Receiver(millis);
        receivers.add(r);
        return r;
    }

    /** A real HTTP receiver on a free port that takes {@code millis} per request and counts how many run at once. */
    private static final class Receiver {
        final HttpServer server;
        final AtomicInteger concurrent = new AtomicInteger();
        final AtomicInteger maxConcurrent = new AtomicInteger();
        final List<String> received = new CopyOnWriteArrayList<>();
        volatile long lastAt;

        Receiver(long millis) throws Exception {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
            server.setExecutor(Executors.newCachedThreadPool());
            server.createContext("/", exchange -> {
                int now = concurrent.incrementAndGet();
                maxConcurrent.accumulateAndGet(now, Math::max);
                try {
                    exchange.getRequestBody().readAllBytes();
                    received.add(exchange.getRequestHeaders().getFirst("X-Plugboard-Event"));
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    concurrent.decrementAndGet();
                }
                lastAt = System.nanoTime();
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }
    }

    /** The delivery queue in memory: claims hand out each delivery once, oldest first. */
    private static final class Queue implements DeliveryQueue {
        final List<DueDelivery> due = Collections.synchronizedList(new ArrayList<>());
        final List<String> delivered = new CopyOnWriteArrayList<>();

        void add(DueDelivery d) {
            due.add(d);
        }

        @Override
        public List<DueDelivery> claimDue(Instant now, Duration lease, int max) {
            synchronized (due) {
                List<DueDelivery> claimed = new ArrayList<>(due.subList(0, Math.min(max, due.size())));
                due.subList(0, claimed.size()).clear();
                return claimed;
            }
        }

        @Override
        public void recordAttempts(List<AttemptRecord> records) {
            records.forEach(r -> {
                if (r.delivered()) {
                    delivered.add(r.deliveryId());
                }
            });
        }

        @Override
        public int releaseLeases() {
            return 0;
        }

        @Override
        public void onNewDeliveries(Runnable wake) {
        }
    }
}
