package io.plugboard.core.internal.resource;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * Resource reads answered from memory for a short time: every webhook delivery looks up its integration, the
 * integration's webhook secret and the organization's event sources, which took ~45 % of the request threads' CPU when
 * read from the database each time.
 *
 * <p>Exact for this server: every write through {@link ResourceServiceImpl} calls {@link #invalidate()} after its
 * commit, and a read that was loading while a write happened is not kept (each entry carries the generation it was
 * loaded in). A write by <em>another</em> node sharing the database drops this cache too: that node's write sends a
 * notice ({@code ClusterBus}), and should one be lost, an entry is never older than {@code resourceCacheMillis}
 * (0 turns the cache off).
 */
final class ReadCache {

    private static final long MAX_ENTRIES = 10_000;

    private final AtomicLong generation = new AtomicLong();
    private final Ticker ticker;
    private volatile Cache<Object, Entry> entries;
    private volatile boolean enabled;
    private volatile Runnable onWrite = () -> { };

    private record Entry(long generation, Object value) {
    }

    ReadCache(Duration ttl, Ticker ticker) {
        this.ticker = ticker;
        configure(ttl);
    }

    void configure(Duration ttl) {
        enabled = ttl.toMillis() > 0;
        entries = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).ticker(ticker)
                .expireAfterWrite(enabled ? ttl : Duration.ofMillis(1)).build();
        generation.incrementAndGet();
    }

    /** The value cached for {@code key}, else {@code load}'s (kept unless a write happened meanwhile). */
    @SuppressWarnings("unchecked")
    <T> T get(Object key, Supplier<T> load) {
        if (!enabled) {
            return load.get();
        }
        long loadedIn = generation.get();
        Cache<Object, Entry> current = entries;
        Entry entry = current.getIfPresent(key);
        if (entry != null && entry.generation() == loadedIn) {
            return (T) entry.value();
        }
        T value = load.get();
        if (generation.get() == loadedIn) {
            current.put(key, new Entry(loadedIn, value));
        }
        return value;
    }

    /** Forgets everything and tells the other nodes ({@link #onWrite}); called after every committed write. */
    void invalidate() {
        drop();
        onWrite.run();
    }

    /** Forgets everything: another node wrote. */
    void drop() {
        generation.incrementAndGet();
        entries.invalidateAll();
    }

    /** What else a write does: tell the other nodes sharing the database to {@link #drop} theirs. */
    void onWrite(Runnable tellOthers) {
        this.onWrite = tellOthers == null ? () -> { } : tellOthers;
    }
}
