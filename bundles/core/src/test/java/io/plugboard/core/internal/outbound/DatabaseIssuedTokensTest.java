package io.plugboard.core.internal.outbound;

import static org.junit.Assert.assertEquals;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.spec.SecretKeySpec;

import io.plugboard.api.provider.IssuedToken;
import io.plugboard.core.internal.cluster.SharedValuesTestAccess;
import io.plugboard.core.internal.crypto.KeyRing;
import io.plugboard.core.internal.storage.SchemaMigrator;
import io.plugboard.core.internal.storage.Transactions;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.Test;

/** Two nodes on one database: one token request at a time across both, and the second node uses the first's token. */
public class DatabaseIssuedTokensTest {

    private final JdbcDataSource dataSource = h2();
    private final Transactions jdbc = new Transactions(dataSource);
    private final AtomicInteger issued = new AtomicInteger();

    private IssuedTokens node() {
        KeyRing keys = new KeyRing(new SecretKeySpec(new byte[32], "AES"), new SecureRandom());
        keys.load(jdbc);
        return new IssuedTokens(Clock.systemUTC(), new DatabaseIssuedTokens(jdbc, SharedValuesTestAccess.create(jdbc, keys)));
    }

    private IssuedToken issue() {
        int n = issued.incrementAndGet();
        try {
            Thread.sleep(50); // GitHub takes its time: callers pile up meanwhile
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new IssuedToken("ghs_token-" + n, Instant.now().plus(Duration.ofHours(1)));
    }

    @Test
    public void twentyCallersOnTwoNodesCauseOneRequestAndGetOneToken() throws Exception {
        IssuedTokens a = node();
        IssuedTokens b = node();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            IssuedTokens node = i % 2 == 0 ? a : b;
            calls.add(pool.submit(() -> {
                go.await();
                return node.token("uid-1", 1, this::issue);
            }));
        }
        go.countDown();
        for (Future<String> call : calls) {
            assertEquals("ghs_token-1", call.get(30, TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertEquals("one request for twenty callers on two nodes", 1, issued.get());
        assertEquals("a node started later uses the stored token", "ghs_token-1", node().token("uid-1", 1, this::issue));
        assertEquals(1, issued.get());
    }

    @Test
    public void aRefusedTokenIsReplacedOnceAndTheOtherNodeUsesTheNewOne() {
        IssuedTokens a = node();
        IssuedTokens b = node();
        assertEquals("ghs_token-1", a.token("uid-2", 1, this::issue));
        assertEquals("ghs_token-1", b.token("uid-2", 1, this::issue));
        assertEquals("ghs_token-2", a.refreshed("uid-2", 1, "ghs_token-1", this::issue));
        assertEquals("B's refusal of the same token finds A's new one", "ghs_token-2",
                b.refreshed("uid-2", 1, "ghs_token-1", this::issue));
        assertEquals(2, issued.get());
        assertEquals("a new generation of the integration: a new token", "ghs_token-3", b.token("uid-2", 2, this::issue));
    }

    private static JdbcDataSource h2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:tokens-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=20000");
        ds.setUser("sa");
        SchemaMigrator.migrate(ds);
        return ds;
    }
}
