package io.plugboard.api.provider;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

import org.junit.Test;

public class WebhookTimestampsTest {

    private static final long TS = 1_700_000_000L;
    private static final String TS_HEADER = String.valueOf(TS);
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    @Test
    public void validTimestampsAreOneToTwelveAsciiDigits() {
        for (String good : Arrays.asList("0", "7", TS_HEADER, "0001700000000".substring(1), "999999999999", "000000000000")) {
            assertTrue(good, WebhookTimestamps.isValid(good));
        }
    }

    @Test
    public void anythingElseIsInvalid() {
        for (String bad : Arrays.asList(null, "", " ", "abc", "-1", "+" + TS, TS + ".0", TS + ".5", "1e9",
                " " + TS, TS + " ", TS + "\n", "0x1F", String.valueOf(TS * 1000), "1000000000000",
                "99999999999999999999", "\uFF11\uFF17\uFF10\uFF10", "\u0661\u0662\u0663")) {
            assertFalse(String.valueOf(bad), WebhookTimestamps.isValid(bad));
        }
    }

    @Test
    public void withinTheToleranceEitherWayInclusive() {
        Instant signedAt = Instant.ofEpochSecond(TS);
        assertTrue(WebhookTimestamps.within(TS_HEADER, signedAt, FIVE_MINUTES));
        assertTrue(WebhookTimestamps.within(TS_HEADER, signedAt.plus(FIVE_MINUTES), FIVE_MINUTES));
        assertTrue(WebhookTimestamps.within(TS_HEADER, signedAt.minus(FIVE_MINUTES), FIVE_MINUTES));
        assertFalse("too old", WebhookTimestamps.within(TS_HEADER, signedAt.plus(FIVE_MINUTES).plusSeconds(1), FIVE_MINUTES));
        assertFalse("in the future", WebhookTimestamps.within(TS_HEADER, signedAt.minus(FIVE_MINUTES).minusSeconds(1), FIVE_MINUTES));
        assertFalse("ancient", WebhookTimestamps.within("0", signedAt, FIVE_MINUTES));
    }

    @Test
    public void comparesWholeSeconds() {
        Instant signedAt = Instant.ofEpochSecond(TS);
        assertTrue("the fraction of now is dropped", WebhookTimestamps.within(TS_HEADER, signedAt.plusMillis(1500), Duration.ofSeconds(1)));
        assertTrue(WebhookTimestamps.within(TS_HEADER, signedAt.plus(FIVE_MINUTES).plusMillis(999), FIVE_MINUTES));
        assertFalse("the fraction of the tolerance is dropped",
                WebhookTimestamps.within(TS_HEADER, signedAt.plusSeconds(2), Duration.ofMillis(1999)));
        assertTrue(WebhookTimestamps.within(TS_HEADER, signedAt, Duration.ZERO));
        assertFalse(WebhookTimestamps.within(TS_HEADER, signedAt.plusSeconds(1), Duration.ZERO));
        assertFalse("a negative tolerance accepts nothing", WebhookTimestamps.within(TS_HEADER, signedAt, Duration.ofSeconds(-1)));
    }

    @Test
    public void noOverflowAtTheExtremes() {
        Duration forever = Duration.ofSeconds(Long.MAX_VALUE);
        assertTrue(WebhookTimestamps.within("999999999999", Instant.MIN, forever));
        assertTrue(WebhookTimestamps.within("0", Instant.MAX, forever));
        assertFalse(WebhookTimestamps.within("999999999999", Instant.MIN, FIVE_MINUTES));
        assertFalse(WebhookTimestamps.within("0", Instant.MAX, FIVE_MINUTES));
        assertTrue(WebhookTimestamps.within("999999999999", Instant.ofEpochSecond(999_999_999_999L), Duration.ZERO));
    }

    @Test
    public void anInvalidTimestampIsNeverWithin() {
        Instant signedAt = Instant.ofEpochSecond(TS);
        Duration forever = Duration.ofSeconds(Long.MAX_VALUE);
        for (String bad : Arrays.asList(null, "", "abc", "-1", TS + ".0", " " + TS, "99999999999999999999")) {
            assertFalse(String.valueOf(bad), WebhookTimestamps.within(bad, signedAt, forever));
        }
    }

    @Test
    public void nowAndToleranceAreRequired() {
        assertThrows(NullPointerException.class, () -> WebhookTimestamps.within(TS_HEADER, null, FIVE_MINUTES));
        assertThrows(NullPointerException.class, () -> WebhookTimestamps.within(TS_HEADER, Instant.ofEpochSecond(TS), null));
    }
}
