package io.plugboard.api.provider;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test support for verifiers (the api module's test jar): a large webhook body that is never in memory, to check that
 * a verifier reads the body as a stream.
 */
public final class LargeWebhookBody {

    private LargeWebhookBody() {
    }

    /** What a verifier answered, and the bytes the calling thread allocated while it ran. */
    public record Measured(WebhookVerification verification, long allocatedBytes) {
    }

    /** Runs {@code verifier} on {@code request}, counting the calling thread's allocation (HotSpot's per-thread counter). */
    public static Measured verifyMeasured(WebhookVerifier verifier, WebhookRequest request, byte[] secret) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        WebhookVerification verification = verifier.verify(request, secret);
        return new Measured(verification, threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before);
    }

    /** A valid JSON body of ~30 MB, generated on each {@code open()} (counted): {@code head}, 30 Mi 'x', {@code tail}. */
    public static WebhookBody of(String head, String tail, AtomicInteger opens) {
        byte[] h = head.getBytes(StandardCharsets.UTF_8);
        byte[] t = tail.getBytes(StandardCharsets.UTF_8);
        long xs = 30L << 20;
        return new WebhookBody() {
            @Override
            public long length() {
                return h.length + xs + t.length;
            }

            @Override
            public InputStream open() {
                opens.incrementAndGet();
                InputStream run = new InputStream() {
                    private long left = xs;

                    @Override
                    public int read() {
                        return read(new byte[1], 0, 1) < 0 ? -1 : 'x';
                    }

                    @Override
                    public int read(byte[] b, int off, int len) {
                        if (left == 0) {
                            return len == 0 ? 0 : -1;
                        }
                        int n = (int) Math.min(len, left);
                        Arrays.fill(b, off, off + n, (byte) 'x');
                        left -= n;
                        return n;
                    }
                };
                return new SequenceInputStream(new SequenceInputStream(new ByteArrayInputStream(h), run),
                        new ByteArrayInputStream(t));
            }
        };
    }
}
