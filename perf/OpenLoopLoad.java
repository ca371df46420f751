import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Open-loop load for perf/webhooks.sh: signed GitHub deliveries (unique delivery ids) sent at a fixed arrival rate,
 * whatever the answers do, on one thread with non-blocking keep-alive HTTP/1.1 connections — light enough that the
 * server, not the client, gets the two cores (the JDK HttpClient used almost a core at 500 requests/s).
 *
 *   java OpenLoopLoad.java <url> <secret> <requests/s> <seconds>
 *
 * A request's latency counts from the moment it was due, not from when a connection became free, so a stalled
 * server shows in the figures instead of being hidden by the client waiting (no coordinated omission). The
 * connections are opened before the clock starts; a request due while all are busy waits for one, its wait counted.
 * Prints one line: requests/s, p50, p99, p99.9 and max latency (ms), non-2xx, errors, and "client late": requests the
 * client itself noticed more than 5 ms after they were due (its own lag, which would make the figures unfair).
 * TIMELINE=1 also prints the worst latency of each second.
 */
public class OpenLoopLoad {

    /** Connections opened before the clock starts (CONNECTIONS, default 64); none are opened during the run. */
    private static final int CONNECTIONS = Integer.parseInt(System.getenv().getOrDefault("CONNECTIONS", "64"));

    private static final class Conn {
        final SocketChannel channel;
        final SelectionKey key;
        ByteBuffer out;
        final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        long due = -1;   // -1: idle

        Conn(SocketChannel channel, SelectionKey key) {
            this.channel = channel;
            this.key = key;
        }
    }

    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        int rate = Integer.parseInt(args[2]);
        long seconds = Long.parseLong(args[3]);
        byte[] body = ("{\"ref\":\"refs/heads/main\",\"repository\":{\"full_name\":\"octo/bench\",\"name\":\"bench\"},"
                + "\"head_commit\":{\"message\":\"" + "x".repeat(600) + "\"}}").getBytes(StandardCharsets.UTF_8);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(args[1].getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        String head = "POST " + url.getRawPath() + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
                + "\r\nContent-Type: application/json\r\nX-GitHub-Event: push\r\nX-Hub-Signature-256: " + signature
                + "\r\nContent-Length: " + body.length + "\r\nX-GitHub-Delivery: open-" + System.nanoTime() + "-";
        InetSocketAddress address = new InetSocketAddress(url.getHost(), url.getPort());

        Selector selector = Selector.open();
        List<Conn> idle = new ArrayList<>();
        int open = 0;
        for (; open < CONNECTIONS; open++) {
            idle.add(connect(address, selector));
        }
        ArrayDeque<Long> waiting = new ArrayDeque<>();   // due times of requests no connection was free for
        long[] latencies = new long[(int) (rate * seconds) + 16];
        int done = 0;
        long bad = 0;
        long errors = 0;
        long late = 0;
        long sequence = 0;
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        long next = start;
        long total = (long) rate * seconds;
        long issued = 0;
        long giveUp = end + TimeUnit.SECONDS.toNanos(30);
        long[] timeline = System.getenv("TIMELINE") != null ? new long[(int) seconds + 1] : null;

        while (done + errors < total && System.nanoTime() < giveUp) {
            long now = System.nanoTime();
            while (issued < total && next <= now) {
                if (now - next > TimeUnit.MILLISECONDS.toNanos(5)) {
                    late++;   // the client itself was behind
                }
                waiting.add(next);
                issued++;
                next = start + issued * interval;
            }
            while (!waiting.isEmpty()) {
                Conn c;
                if (!idle.isEmpty()) {
                    c = idle.remove(idle.size() - 1);
                } else {
                    break;
                }
                c.due = waiting.poll();
                byte[] h = (head + (sequence++) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                c.out = ByteBuffer.allocate(h.length + body.length).put(h).put(body).flip();
                c.channel.write(c.out);
                c.key.interestOps(c.out.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
            }
            long waitNanos = issued < total ? next - System.nanoTime() : TimeUnit.MILLISECONDS.toNanos(10);
            if (waitNanos > TimeUnit.MILLISECONDS.toNanos(1)) {
                selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos)));
            } else {
                selector.selectNow();
            }
            for (SelectionKey key : selector.selectedKeys()) {
                Conn c = (Conn) key.attachment();
                try {
                    if (key.isWritable() && c.out.hasRemaining()) {
                        c.channel.write(c.out);
                        if (!c.out.hasRemaining()) {
                            key.interestOps(SelectionKey.OP_READ);
                        }
                    }
                    if (key.isReadable()) {
                        int n = c.channel.read(c.in);
                        int status = n < 0 ? -1 : complete(c.in);
                        if (n < 0) {
                            throw new IOException("connection closed by the server");
                        }
                        if (status > 0) {
                            latencies[done++] = System.nanoTime() - c.due;
                            int second = (int) ((c.due - start) / 1_000_000_000L);
                            if (timeline != null && second >= 0 && second < timeline.length) {
                                timeline[second] = Math.max(timeline[second], latencies[done - 1]);
                            }
                            if (status / 100 != 2) {
                                bad++;
                            }
                            c.in.clear();
                            c.due = -1;
                            idle.add(c);
                        }
                    }
                } catch (IOException e) {
                    if (c.due >= 0) {
                        errors++;
                    }
                    key.cancel();
                    c.channel.close();
                    idle.remove(c);
                    open--;
                    if (System.nanoTime() < end) {   // keep the pool: a closed connection is replaced at once
                        idle.add(connect(address, selector));
                        open++;
                    }
                }
            }
            selector.selectedKeys().clear();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (timeline != null) {   // TIMELINE=1: the worst latency of the requests due in each second
            StringBuilder line = new StringBuilder("max latency by second (ms):");
            for (long t : timeline) {
                line.append(' ').append(t / 1_000_000);
            }
            System.out.println(line);
        }
        long[] sorted = Arrays.copyOf(latencies, done);
        Arrays.sort(sorted);
        errors += total - done - errors;
        System.out.printf("requests/s %.0f  p50 %.1f ms  p99 %.1f ms  p99.9 %.1f ms  max %.1f ms  non-2xx %d  errors %d"
                        + "  client late %d  (%d requests in %.1f s, %d connections)%n",
                done / Math.max(elapsed, seconds), pct(sorted, 0.50), pct(sorted, 0.99), pct(sorted, 0.999),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6, bad, errors, late, done, elapsed, open);
        System.exit(0);
    }

    private static Conn connect(InetSocketAddress address, Selector selector) throws IOException {
        SocketChannel channel = SocketChannel.open(address);
        channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
        channel.configureBlocking(false);
        Conn c = new Conn(channel, channel.register(selector, SelectionKey.OP_READ));
        c.key.attach(c);
        return c;
    }

    /** The status code once {@code in} holds a whole response (Content-Length or chunked), else 0. */
    private static int complete(ByteBuffer in) {
        byte[] a = in.array();
        int length = in.position();
        int headerEnd = indexOf(a, 0, length, "\r\n\r\n");
        if (headerEnd < 0) {
            return 0;
        }
        String headers = new String(a, 0, headerEnd, StandardCharsets.ISO_8859_1);
        int status = Integer.parseInt(headers.substring(9, 12));
        String lower = headers.toLowerCase();
        int cl = lower.indexOf("\r\ncontent-length:");
        if (cl >= 0) {
            int eol = lower.indexOf("\r\n", cl + 2);
            int contentLength = Integer.parseInt(lower.substring(cl + 17, eol < 0 ? lower.length() : eol).trim());
            return length >= headerEnd + 4 + contentLength ? status : 0;
        }
        if (lower.contains("\r\ntransfer-encoding: chunked")) {
            return indexOf(a, headerEnd + 4, length, "0\r\n\r\n") >= 0 && endsWith(a, length, "0\r\n\r\n") ? status : 0;
        }
        return status;   // no body
    }

    private static int indexOf(byte[] a, int from, int to, String s) {
        outer:
        for (int i = from; i <= to - s.length(); i++) {
            for (int j = 0; j < s.length(); j++) {
                if (a[i + j] != s.charAt(j)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static boolean endsWith(byte[] a, int length, String s) {
        return length >= s.length() && indexOf(a, length - s.length(), length, s) >= 0;
    }

    private static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))] / 1e6;
    }
}
