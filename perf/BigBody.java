import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Large webhook bodies for perf/bigbody.sh.
 *   java BigBody.java accept URL SECRET COUNT CONCURRENCY BYTES   signed GitHub deliveries of BYTES each (JSON)
 *   java BigBody.java oversize URL COUNT CONCURRENCY BYTES         chunked bodies of BYTES (no Content-Length)
 * Prints the status codes seen and the time taken.
 */
public class BigBody {

    public static void main(String[] args) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        boolean accept = args[0].equals("accept");
        URI url = URI.create(args[1]);
        int i = accept ? 3 : 2;
        int count = Integer.parseInt(args[i]);
        int concurrency = Integer.parseInt(args[i + 1]);
        int bytes = Integer.parseInt(args[i + 2]);
        byte[] body = accept ? json(bytes) : null;
        String signature = accept ? sign(args[2], body) : null;
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<Integer>> codes = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int n = 0; n < count; n++) {
            int id = n;
            codes.add(pool.submit(() -> {
                HttpRequest.Builder r = HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(2));
                if (accept) {
                    r.header("Content-Type", "application/json").header("X-GitHub-Event", "push")
                            .header("X-GitHub-Delivery", "big-" + System.nanoTime() + "-" + id)
                            .header("X-Hub-Signature-256", signature).POST(HttpRequest.BodyPublishers.ofByteArray(body));
                } else {
                    r.header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new Zeros(bytes)));   // chunked
                }
                try {
                    return http.send(r.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (java.io.IOException e) {
                    return -1;                          // the server closed the connection after refusing
                }
            }));
        }
        StringBuilder seen = new StringBuilder();
        for (Future<Integer> f : codes) {
            seen.append(f.get()).append(' ');
        }
        pool.shutdown();
        System.out.printf("%d x %d MB %s: statuses %s in %.1f s%n", count, bytes / (1024 * 1024),
                accept ? "signed deliveries" : "chunked uploads", seen.toString().trim(), (System.nanoTime() - t0) / 1e9);
    }

    static byte[] json(int size) {
        String head = "{\"ref\":\"refs/heads/main\",\"repository\":{\"full_name\":\"octo/bench\",\"name\":\"bench\"},\"pad\":\"";
        String tail = "\"}";
        byte[] out = new byte[size];
        byte[] h = head.getBytes(StandardCharsets.UTF_8);
        byte[] t = tail.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(h, 0, out, 0, h.length);
        java.util.Arrays.fill(out, h.length, size - t.length, (byte) 'x');
        System.arraycopy(t, 0, out, size - t.length, t.length);
        return out;
    }

    static String sign(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    }

    /** BYTES of '0', produced as they are read. */
    static final class Zeros extends InputStream {
        private long left;

        Zeros(long size) {
            left = size;
        }

        @Override
        public int read() {
            return left-- > 0 ? '0' : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) '0');
            left -= n;
            return n;
        }
    }
}
