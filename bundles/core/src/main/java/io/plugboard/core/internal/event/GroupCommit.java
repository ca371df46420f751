package io.plugboard.core.internal.event;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.plugboard.core.internal.storage.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: writes that arrive together share one transaction, so a burst of webhook deliveries costs one commit
 * (one H2 chunk write, one PostgreSQL WAL flush) instead of one each. Every caller still returns only after its own
 * rows are committed - nothing is acknowledged before it is durable. Each write runs under its own savepoint: one that
 * fails (a duplicate delivery id) is rolled back alone and the others are kept.
 */
final class GroupCommit {

    /** One caller's rows, written in the shared transaction. */
    @FunctionalInterface
    interface Work {
        void write(Connection c) throws SQLException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);
    private static final String UNIQUE_VIOLATION = "23505";
    private static final long WAIT_SECONDS = 60;

    private record Item(Work work, long bytes, CompletableFuture<Boolean> done) {
    }

    /**
     * Bytes one shared transaction may carry: a large body is committed on its own (H2 writes a transaction's pages as
     * one chunk, and two 25 MB bodies in one chunk need a buffer the heap may not have).
     */
    static final long MAX_BATCH_BYTES = 4L * 1024 * 1024;

    private final Transactions jdbc;
    private final int maxBatch;
    private final BlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private final java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean running = true;

    /** The writer thread starts with the first write, not here: constructing this is part of a component's activation. */
    GroupCommit(Transactions jdbc, int maxBatch, String name) {
        this.jdbc = jdbc;
        this.maxBatch = maxBatch;
        this.writer = new Thread(this::run, name);
        writer.setDaemon(true);
    }

    /**
     * Writes and waits for the commit.
     *
     * @return {@code true} when written, {@code false} when the write hit a unique constraint (a duplicate) and was
     *         rolled back
     * @throws Transactions.StorageException (or what the write threw) when it was not committed
     */
    boolean write(Work work, long bytes) {
        if (!running) {
            throw new IllegalStateException("the event log is stopping");
        }
        if (started.compareAndSet(false, true)) {
            writer.start();
        }
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        queue.add(new Item(work, bytes, done));
        try {
            return done.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the commit", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the database did not commit within " + WAIT_SECONDS + " s", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    void stop() {
        running = false;
        writer.interrupt();
        Item left;
        while ((left = queue.poll()) != null) {
            left.done().completeExceptionally(new IllegalStateException("the event log stopped"));
        }
    }

    private void run() {
        while (running) {
            List<Item> batch = new ArrayList<>();
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            long bytes = batch.get(0).bytes();
            Item next;
            while (batch.size() < maxBatch && (next = queue.peek()) != null && bytes + next.bytes() <= MAX_BATCH_BYTES) {
                batch.add(queue.poll());        // the only consumer: what peek saw is what poll takes
                bytes += next.bytes();
            }
            commit(batch);
        }
    }

    private void commit(List<Item> batch) {
        List<Boolean> outcomes = new ArrayList<>();
        List<RuntimeException> failures = new ArrayList<>();
        try {
            jdbc.inTransaction(c -> {
                outcomes.clear();
                failures.clear();
                for (Item item : batch) {
                    Savepoint savepoint = c.setSavepoint();
                    try {
                        item.work().write(c);
                        c.releaseSavepoint(savepoint);
                        outcomes.add(Boolean.TRUE);
                        failures.add(null);
                    } catch (SQLException e) {
                        c.rollback(savepoint);
                        boolean duplicate = UNIQUE_VIOLATION.equals(e.getSQLState());
                        outcomes.add(duplicate ? Boolean.FALSE : null);
                        failures.add(duplicate ? null : new Transactions.StorageException(e));
                    } catch (RuntimeException e) {
                        c.rollback(savepoint);
                        outcomes.add(null);
                        failures.add(e);
                    }
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("A group commit of {} write(s) failed; none of them is stored: {}", batch.size(), e.toString());
            batch.forEach(item -> item.done().completeExceptionally(e));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            if (failures.get(i) != null) {
                batch.get(i).done().completeExceptionally(failures.get(i));
            } else {
                batch.get(i).done().complete(outcomes.get(i));
            }
        }
    }
}
