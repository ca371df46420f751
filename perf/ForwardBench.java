import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpServer;

/**
 * Forwarding benchmark for perf/forward.sh: a receiver that takes DELAY ms per request (JDK HttpServer, a thread per
 * request, TCP_NODELAY), and COUNT signed GitHub deliveries sent to Plugboard as fast as it takes them. The receiver
 * holds the forwards that reach it while the deliveries are being sent (a backlog builds up, as after a restart or an
 * outage of the receiver; the server's forwardTimeoutSeconds must outlast the sending), then opens and takes DELAY ms
 * for each. Waits until every accepted delivery was forwarded, or DEADLINE seconds.
 *
 *   java ForwardBench.java <webhook-url> <secret> <receiver-port> <delay-ms> <count> <deadline-s>
 *
 * Prints one line: forwards/s from the moment the receiver opened to its last request (the backlog's drain rate), the
 * sending rate, and the most requests the receiver had at once.
 */
public class ForwardBench {

    public static void main(String[] args) throws Exception {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        URI url = URI.create(args[0]);
        String secret = args[1];
        int port = Integer.parseInt(args[2]);
        long delay = Long.parseLong(args[3]);
        int count = Integer.parseInt(args[4]);
        long deadline = System.nanoTime() + Duration.ofSeconds(Long.parseLong(args[5])).toNanos();

        AtomicInteger received = new AtomicInteger();
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        java.util.concurrent.CountDownLatch open = new java.util.concurrent.CountDownLatch(1);
        AtomicLong first = new AtomicLong();
        AtomicLong last = new AtomicLong();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        receiver.setExecutor(Executors.newCachedThreadPool());
        receiver.createContext("/", exchange -> {
            int now = concurrent.incrementAndGet();
            maxConcurrent.accumulateAndGet(now, Math::max);
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
                open.await();
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                concurrent.decrementAndGet();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            long t = System.nanoTime();
            first.compareAndSet(0, t);
            last.set(t);
            received.incrementAndGet();
        });
        receiver.start();

        String body = "{\"ref\":\"refs/heads/main\",\"repository\":{\"full_name\":\"octo/bench\",\"name\":\"bench\"},"
                + "\"head_commit\":{\"message\":\"" + "x".repeat(600) + "\"}}";
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Semaphore inFlight = new Semaphore(16);
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        long sendStart = System.nanoTime();
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").header("X-GitHub-Event", "push")
                    .header("X-GitHub-Delivery", UUID.randomUUID().toString()).header("X-Hub-Signature-256", signature)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                (e == null && r.statusCode() == 202 ? accepted : refused).incrementAndGet();
                inFlight.release();
            });
        }
        inFlight.acquire(16);
        long sent = System.nanoTime();
        open.countDown();
        while (received.get() < accepted.get() && System.nanoTime() < deadline) {
            Thread.sleep(20); // polling the receiver's count with a deadline
        }
        int got = received.get();
        double span = (last.get() - sent) / 1e9;
        System.out.printf("forwards/s %.0f  (%d of %d accepted deliveries forwarded in %.1f s after the receiver opened; "
                        + "%d refused; sent in %.1f s = %.0f/s; receiver %d ms, at most %d at once)%n",
                got / span, got, accepted.get(), span, refused.get(), (sent - sendStart) / 1e9,
                count / ((sent - sendStart) / 1e9), delay, maxConcurrent.get());
        receiver.stop(0);
        System.exit(got == accepted.get() && refused.get() == 0 ? 0 : 1);
    }
}
