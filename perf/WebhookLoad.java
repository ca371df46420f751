import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Load client for perf/webhooks.sh: signed GitHub deliveries (unique delivery ids) against a URL.
 *
 *   java WebhookLoad.java max  <url> <secret> <concurrency> <seconds>   closed loop: as fast as answers come
 *
 * (A fixed arrival rate is perf/OpenLoopLoad.java's job: this client used almost a core at 500 requests/s and sent
 * in bursts whenever it fell behind.)
 *
 * Prints one line: requests/s, p50 and p99 latency (ms), non-2xx and errors. Bounded in time; loopback only.
 */
public class WebhookLoad {

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        URI url = URI.create(args[1]);
        String body = "{\"ref\":\"refs/heads/main\",\"repository\":{\"full_name\":\"octo/bench\",\"name\":\"bench\"},"
                + "\"head_commit\":{\"message\":\"" + "x".repeat(600) + "\"}}";
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(args[2].getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        int n = Integer.parseInt(args[3]);
        long seconds = Long.parseLong(args[4]);
        // HTTP/1.1: webhook senders use it, and the JDK's HttpServer (the bare ceiling) does not speak h2c
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(4, r -> {
                    Thread t = new Thread(r);
                    t.setDaemon(true);
                    return t;
                })).build();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong ids = new AtomicLong(System.nanoTime());
        AtomicLong bad = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);

        java.util.function.Supplier<CompletableFuture<Void>> one = () -> {
            HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").header("X-GitHub-Event", "push")
                    .header("X-GitHub-Delivery", "bench-" + ids.incrementAndGet()).header("X-Hub-Signature-256", signature)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            long start = System.nanoTime();
            return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((r, e) -> {
                if (e != null) {
                    errors.incrementAndGet();
                } else {
                    latencies.add(System.nanoTime() - start);
                    if (r.statusCode() / 100 != 2) {
                        bad.incrementAndGet();
                    }
                }
                return null;
            });
        };

        long started = System.nanoTime();
        if (!mode.equals("max")) {
            throw new IllegalArgumentException("mode: max (a fixed rate is perf/OpenLoopLoad.java)");
        }
        List<CompletableFuture<Void>> loops = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            loops.add(loop(one, end));
        }
        CompletableFuture.allOf(loops.toArray(new CompletableFuture[0])).get(seconds + 30, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - started) / 1e9;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf("requests/s %.0f  p50 %.1f ms  p99 %.1f ms  non-2xx %d  errors %d  (%d requests in %.1f s)%n",
                sorted.size() / elapsed, pct(sorted, 0.50), pct(sorted, 0.99), bad.get(), errors.get(), sorted.size(), elapsed);
        System.exit(0);
    }

    private static CompletableFuture<Void> loop(java.util.function.Supplier<CompletableFuture<Void>> one, long end) {
        if (System.nanoTime() >= end) {
            return CompletableFuture.completedFuture(null);
        }
        return one.get().thenCompose(v -> loop(one, end));
    }

    private static double pct(List<Long> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * p))) / 1e6;
    }
}
