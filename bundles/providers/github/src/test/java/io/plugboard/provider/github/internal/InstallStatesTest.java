package io.plugboard.provider.github.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.Test;

public class InstallStatesTest {

    private Instant now = Instant.parse("2026-12-07T10:00:00Z");
    private final InstallStates states = new InstallStates(new Clock() {
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
    });

    private InstallStates.Opened open() {
        return states.open(states.ticket(new InstallStates.Request("acme", "octo-org"))).orElseThrow();
    }

    @Test
    public void aTicketOpensOnceAndItsStateIsTakenOnceFromItsBrowser() {
        String ticket = states.ticket(new InstallStates.Request("acme", null));
        InstallStates.Opened opened = states.open(ticket).orElseThrow();
        assertTrue("a ticket opens once", states.open(ticket).isEmpty());
        assertTrue(states.consume(opened.state(), "another browser").refusal().contains("another browser"));
        InstallStates.Check ok = states.consume(opened.state(), opened.browser());
        assertTrue(ok.ok());
        assertEquals("acme", ok.request().organization());
        assertTrue(states.consume(opened.state(), opened.browser()).refusal().contains("used already"));
    }

    @Test
    public void unknownMissingAndExpiredStatesAreRefused() {
        assertTrue(states.consume(null, "b").refusal().contains("no state"));
        assertTrue(states.consume("made-up", "b").refusal().contains("unknown"));
        InstallStates.Opened opened = open();
        now = now.plus(InstallStates.LIFETIME).plus(Duration.ofSeconds(1));
        assertTrue(states.consume(opened.state(), opened.browser()).refusal().contains("expired"));
        String ticket = states.ticket(new InstallStates.Request("acme", null));
        now = now.plus(InstallStates.LIFETIME);
        assertFalse("an expired ticket does not open", states.open(ticket).isPresent());
    }
}
