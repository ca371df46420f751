package io.plugboard.core.internal.outbound;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.plugboard.api.provider.ActionException;
import io.plugboard.api.provider.IssuedToken;
import org.junit.Test;

public class IssuedTokensTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final IssuedTokens tokens = new IssuedTokens(clock);
    private final AtomicInteger issued = new AtomicInteger();

    /** Issues token-1, token-2, … each valid for an hour from now. */
    private final IssuedTokens.Issue issue = () -> new IssuedToken("token-" + issued.incrementAndGet(),
            clock.instant().plus(Duration.ofHours(1)));

    @Test
    public void aTokenIsKeptUntilFiveMinutesBeforeItExpires() {
        assertEquals("token-1", tokens.token("uid", 1, issue));
        clock.now = T0.plus(Duration.ofMinutes(54)).plusSeconds(59);
        assertEquals("token-1", tokens.token("uid", 1, issue));
        clock.now = T0.plus(Duration.ofMinutes(55));
        assertEquals("token-2", tokens.token("uid", 1, issue));
        assertEquals(2, issued.get());
    }

    @Test
    public void aChangedIntegrationGetsANewTokenAndIntegrationsDoNotShare() {
        assertEquals("token-1", tokens.token("uid", 1, issue));
        assertEquals("token-2", tokens.token("uid", 2, issue));
        assertEquals("token-3", tokens.token("other", 1, issue));
        assertEquals("token-2", tokens.token("uid", 2, issue));
        tokens.forget("uid");
        assertEquals("token-4", tokens.token("uid", 2, issue));
    }

    @Test
    public void aRefusedTokenIsReplacedOnceEvenWhenManyCallersSawItRefused() {
        assertEquals("token-1", tokens.token("uid", 1, issue));
        assertEquals("token-2", tokens.refreshed("uid", 1, "token-1", issue));
        // a second caller that was refused token-1 too gets the replacement, not a third token
        assertEquals("token-2", tokens.refreshed("uid", 1, "token-1", issue));
        assertEquals(2, issued.get());
    }

    @Test
    public void twentyConcurrentCallersCauseOneRequest() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        IssuedTokens.Issue slow = () -> {
            inside.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return issue.issue();
        };
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                answers.add(pool.submit(() -> tokens.token("uid", 1, slow)));
            }
            assertTrue("one caller is asking the issuer", inside.await(10, TimeUnit.SECONDS));
            release.countDown();
            for (Future<String> answer : answers) {
                assertEquals("token-1", answer.get(10, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, issued.get());
    }

    @Test
    public void aFailureSaysWhetherToTryAgainAndKeepsNoToken() {
        IssuedTokens.IssueFailure transient_ = assertThrows(IssuedTokens.IssueFailure.class, () -> tokens.token("uid", 1,
                () -> {
                    throw new ActionException("GitHub answered 502", null, true, null);
                }));
        assertTrue(transient_.retryable());
        IssuedTokens.IssueFailure refused = assertThrows(IssuedTokens.IssueFailure.class, () -> tokens.token("uid", 1,
                () -> {
                    throw new ActionException("GitHub refused the app's JWT (401)");
                }));
        assertFalse(refused.retryable());
        assertEquals("GitHub refused the app's JWT (401)", refused.getMessage());
        assertEquals("token-1", tokens.token("uid", 1, issue));
    }

    private static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
