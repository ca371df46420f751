package io.plugboard.provider.github.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.plugboard.api.cluster.SharedValues;
import org.junit.Test;

public class InstallStatesTest {

    private Instant now = Instant.parse("2026-12-07T10:00:00Z");
    /** The database's shared values as a map (their own expiry is twice the states', which check theirs). */
    static final class MapValues implements SharedValues {
        final Map<String, Map<String, Object>> values = new ConcurrentHashMap<>();

        public void put(String kind, String id, Map<String, Object> value, Duration ttl) {
            values.put(kind + "/" + id, new java.util.LinkedHashMap<>(value));
        }

        public Optional<Map<String, Object>> take(String kind, String id) {
            return Optional.ofNullable(values.remove(kind + "/" + id));
        }

        public Optional<Map<String, Object>> get(String kind, String id) {
            return Optional.ofNullable(values.get(kind + "/" + id)).map(java.util.LinkedHashMap::new);
        }

        public void remove(String kind, String id) {
            values.remove(kind + "/" + id);
        }
    }

    private final InstallStates states = new InstallStates(new MapValues(), "github-install", new Clock() {
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
        now = now.plus(InstallStates.DEFAULT_LIFETIME).plus(Duration.ofSeconds(1));
        assertTrue(states.consume(opened.state(), opened.browser()).refusal().contains("expired"));
        String ticket = states.ticket(new InstallStates.Request("acme", null));
        now = now.plus(InstallStates.DEFAULT_LIFETIME);
        assertFalse("an expired ticket does not open", states.open(ticket).isPresent());
    }

    @Test
    public void aWebhookAndASetupPairOnceWhicheverComesFirst() {
        InstallationProofs proofs = new InstallationProofs(new MapValues());
        InstallStates.Request request = new InstallStates.Request("acme", "octo-org");
        assertFalse("no webhook yet: the setup waits", proofs.setup("42", request));
        assertEquals("the webhook completes the waiting setup", "acme", proofs.webhook("42", "octo-org").orElseThrow().organization());
        assertTrue("used up", proofs.webhook("42", "octo-org").isEmpty());
        assertTrue("the webhook came first: the setup completes at once", proofs.setup("42", request));
        assertFalse("and that proof is used up", proofs.setup("42", request));
    }
}
