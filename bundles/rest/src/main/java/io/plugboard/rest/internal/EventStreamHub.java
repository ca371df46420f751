package io.plugboard.rest.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clients of the event stream and the one thread that writes to them. {@link #publish} only puts a frame on the
 * queue of every matching client (never blocks: it runs on EventAdmin's thread); a client whose queue is full is
 * dropped - it cannot keep up. The sender thread writes the queued frames, a {@code : keep-alive} comment to a client
 * that got nothing for {@link #keepAlive}, and drops a client whose write fails (it went away).
 */
final class EventStreamHub {

    /** Where one client's bytes go: the async servlet response, or a fake in tests. */
    interface Sink {

        /** Writes and flushes; an exception means the client is gone. */
        void write(String text) throws IOException;

        /** Ends the response; called once, on the sender thread (or at shutdown). */
        void close();
    }

    /** One connected client and its filters ({@code null}: any). */
    static final class Client {
        final Sink sink;
        final String eventSource;
        final String integration;
        final BlockingQueue<String> queue;
        volatile long lastWriteNanos;
        volatile boolean closed;

        Client(Sink sink, String eventSource, String integration, int capacity, long now) {
            this.sink = sink;
            this.eventSource = eventSource;
            this.integration = integration;
            this.queue = new ArrayBlockingQueue<>(capacity);
            this.lastWriteNanos = now;
        }
    }

    static final String KEEP_ALIVE = ": keep-alive\n\n";
    private static final Logger LOG = LoggerFactory.getLogger(EventStreamHub.class);

    private final int queueCapacity;
    private final int maxClients;
    private final Duration keepAlive;
    private final LongSupplier nanoTime;
    private final List<Client> clients = new CopyOnWriteArrayList<>();
    /** Clients to close on the sender thread: dropped ones (overflow) and removed ones. */
    private final ConcurrentLinkedQueue<Client> closing = new ConcurrentLinkedQueue<>();
    private final Semaphore wakeup = new Semaphore(0);
    private volatile Thread sender;

    EventStreamHub(int queueCapacity, int maxClients, Duration keepAlive, LongSupplier nanoTime) {
        this.queueCapacity = queueCapacity;
        this.maxClients = maxClients;
        this.keepAlive = keepAlive;
        this.nanoTime = nanoTime;
    }

    /** A new client; {@code null} when there are already {@code maxClients}. */
    synchronized Client add(Sink sink, String eventSource, String integration) {
        if (clients.size() >= maxClients) {
            return null;
        }
        Client client = new Client(sink, eventSource, integration, queueCapacity, nanoTime.getAsLong());
        clients.add(client);
        return client;
    }

    /** Forgets a client (its response ended or failed) and closes it on the sender thread. */
    void remove(Client client) {
        if (clients.remove(client)) {
            closing.add(client);
            wakeup.release();
        }
    }

    int size() {
        return clients.size();
    }

    /** Queues the event for every client it matches; never blocks. */
    void publish(StreamEvent event) {
        String frame = null;
        for (Client client : clients) {
            if (!event.matches(client.eventSource, client.integration)) {
                continue;
            }
            if (frame == null) {
                frame = event.frame();
            }
            if (!client.queue.offer(frame)) {
                LOG.info("Event stream client dropped: it did not keep up ({} events waiting)", queueCapacity);
                remove(client);
            }
        }
        if (frame != null) {
            wakeup.release();
        }
    }

    /**
     * One round of the sender: closes removed clients, writes each client's queued frames (or a keep-alive when it
     * is due). Returns how many clients were written to.
     */
    int pump() {
        for (Client c; (c = closing.poll()) != null; ) {
            close(c);
        }
        int written = 0;
        long now = nanoTime.getAsLong();
        for (Client client : clients) {
            String text = drain(client);
            if (text == null && now - client.lastWriteNanos >= keepAlive.toNanos()) {
                text = KEEP_ALIVE;
            }
            if (text == null) {
                continue;
            }
            try {
                client.sink.write(text);
                client.lastWriteNanos = now;
                written++;
            } catch (IOException | RuntimeException e) {
                LOG.debug("Event stream client gone: {}", e.toString());
                clients.remove(client);
                close(client);
            }
        }
        return written;
    }

    private static String drain(Client client) {
        String first = client.queue.poll();
        if (first == null) {
            return null;
        }
        StringBuilder text = new StringBuilder(first);
        for (String next; (next = client.queue.poll()) != null; ) {
            text.append(next);
        }
        return text.toString();
    }

    private static void close(Client client) {
        if (client.closed) {
            return;
        }
        client.closed = true;
        client.queue.clear();
        try {
            client.sink.close();
        } catch (RuntimeException e) {
            LOG.debug("Closing an event stream client failed: {}", e.toString());
        }
    }

    /** Starts the sender thread: it wakes on every publish, and every second for keep-alives. */
    synchronized void start() {
        if (sender != null) {
            return;
        }
        Thread thread = new Thread(this::run, "plugboard-event-stream");
        thread.setDaemon(true);
        sender = thread;
        thread.start();
    }

    private void run() {
        while (sender == Thread.currentThread()) {
            try {
                wakeup.tryAcquire(1, TimeUnit.SECONDS);
                wakeup.drainPermits();
            } catch (InterruptedException e) {
                break;
            }
            try {
                pump();
            } catch (RuntimeException e) {
                LOG.warn("Event stream sender failed a round", e);
            }
        }
    }

    /** Stops the sender and ends every client's response. */
    void stop() {
        Thread thread;
        synchronized (this) {
            thread = sender;
            sender = null;
        }
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Client client : clients) {
            clients.remove(client);
            close(client);
        }
        for (Client c; (c = closing.poll()) != null; ) {
            close(c);
        }
    }
}
