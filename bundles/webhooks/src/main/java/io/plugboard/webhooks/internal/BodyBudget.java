package io.plugboard.webhooks.internal;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * How many bytes of webhook bodies may be held at once — in memory (the part of each body kept there) or in the spool
 * directory (the rest). A request reserves what its declared length (or the body cap when it declares none) will take
 * before its body is read, and gives it back when it is answered; when the budget is spent, a request waits briefly and
 * is then answered 503 with Retry-After - senders retry - instead of the server running out of memory or disk under a
 * burst of large bodies. Counted in KiB so that gigabytes fit a semaphore.
 */
final class BodyBudget {

    private final Semaphore kib;
    private final int totalKib;

    BodyBudget(long bytes) {
        this.totalKib = (int) Math.max(1, Math.min(Integer.MAX_VALUE, bytes / 1024));
        this.kib = new Semaphore(totalKib, true);
    }

    /** Reserves room for {@code bytes} (at most the whole budget); 0 when it could not within {@code wait}. */
    int reserve(long bytes, Duration wait) throws InterruptedException {
        int want = (int) Math.max(1, Math.min(totalKib, (bytes + 1023) / 1024));
        return kib.tryAcquire(want, wait.toMillis(), TimeUnit.MILLISECONDS) ? want : 0;
    }

    void release(int reserved) {
        if (reserved > 0) {
            kib.release(reserved);
        }
    }

    int availableKib() {
        return kib.availablePermits();
    }
}
