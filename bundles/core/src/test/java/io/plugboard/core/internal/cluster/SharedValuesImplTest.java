package io.plugboard.core.internal.cluster;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.crypto.spec.SecretKeySpec;

import io.plugboard.core.internal.crypto.KeyRing;
import io.plugboard.core.internal.storage.Transactions;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.Test;

public class SharedValuesImplTest {

    private final JdbcDataSource dataSource = ClusterComponentTest.h2();
    private final Transactions jdbc = new Transactions(dataSource);
    private final ClusterComponentTest.MutableClock clock = new ClusterComponentTest.MutableClock(Instant.parse("2026-12-07T12:00:00Z"));

    private SharedValuesImpl node() {
        KeyRing keys = new KeyRing(new SecretKeySpec(new byte[32], "AES"), new SecureRandom());
        keys.load(jdbc);
        return new SharedValuesImpl(jdbc, keys, clock);
    }

    @Test
    public void aValueStoredOnOneNodeIsTakenOnceOnAnotherAndSealedInTheDatabase() throws Exception {
        SharedValuesImpl a = node();
        SharedValuesImpl b = node();
        a.put("display", "attempt-1", Map.of("client_secret", "s3cr3t-value", "n", 3), Duration.ofMinutes(10));
        try (Statement st = dataSource.getConnection().createStatement();
             ResultSet rs = st.executeQuery("SELECT sealed FROM plugboard_shared_value")) {
            assertTrue(rs.next());
            assertFalse("sealed, not plaintext", rs.getString(1).contains("s3cr3t"));
        }
        assertEquals(Optional.of(Map.of("client_secret", "s3cr3t-value", "n", 3)), b.get("display", "attempt-1"));
        assertEquals(Map.of("client_secret", "s3cr3t-value", "n", 3), b.take("display", "attempt-1").orElseThrow());
        assertEquals("taken: gone on every node", Optional.empty(), a.take("display", "attempt-1"));
        assertEquals(Optional.empty(), a.get("display", "attempt-1"));
    }

    @Test
    public void anExpiredValueIsNotReturned() {
        SharedValuesImpl a = node();
        a.put("state", "s1", Map.of("org", "default"), Duration.ofMinutes(10));
        clock.advance(Duration.ofMinutes(10));
        assertEquals(Optional.empty(), a.get("state", "s1"));
        assertEquals(Optional.empty(), a.take("state", "s1"));
    }

    @Test
    public void ofTwentyConcurrentTakersExactlyOneGetsTheValue() throws Exception {
        SharedValuesImpl a = node();
        a.put("state", "race", Map.of("org", "default"), Duration.ofMinutes(10));
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Optional<Map<String, Object>>>> takes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            SharedValuesImpl node = node();
            takes.add(pool.submit(() -> {
                go.await();
                return node.take("state", "race");
            }));
        }
        go.countDown();
        int got = 0;
        for (Future<Optional<Map<String, Object>>> f : takes) {
            got += f.get(10, TimeUnit.SECONDS).isPresent() ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(1, got);
    }
}
