package io.plugboard.provider.github.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The install link's one-time values, in memory: an admin's <b>ticket</b> (made by the REST call, opened once by a
 * browser), and the <b>state</b> that browser carries to GitHub and back to the setup URL: random, single use,
 * expiring, bound to the organization the integration is made in and to the browser that opened the ticket (a
 * cookie; only its hash is kept). A state used once stays known until it expires, so a replay is told as one.
 */
final class InstallStates {

    static final Duration LIFETIME = Duration.ofMinutes(10);

    /**
     * Who asked: the organization the integration goes to, and the GitHub account it must be of ({@code null}: any);
     * for a manifest, the app's name and the GitHub organization that owns it ({@code null}: the user).
     */
    record Request(String organization, String account, String name) {
        Request(String organization, String account) {
            this(organization, account, null);
        }
    }

    /** A ticket opened: the browser's cookie value and the state for GitHub. */
    record Opened(String browser, String state, Request request) { }

    /** How a state returned to the setup URL checks out. */
    record Check(Request request, String refusal) {
        boolean ok() {
            return refusal == null;
        }
    }

    private record Ticket(Request request, Instant expires) { }

    private static final class State {
        final Request request;
        final String browserHash;
        final Instant expires;
        boolean used;

        State(Request request, String browserHash, Instant expires) {
            this.request = request;
            this.browserHash = browserHash;
            this.expires = expires;
        }
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Ticket> tickets = new ConcurrentHashMap<>();
    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final Clock clock;

    InstallStates(Clock clock) {
        this.clock = clock;
    }

    String ticket(Request request) {
        purge();
        String ticket = randomValue();
        tickets.put(ticket, new Ticket(request, clock.instant().plus(LIFETIME)));
        return ticket;
    }

    /** The ticket, used up; empty when it is unknown, used or expired. */
    Optional<Opened> open(String ticket) {
        Ticket found = ticket == null ? null : tickets.remove(ticket);
        if (found == null || !clock.instant().isBefore(found.expires())) {
            return Optional.empty();
        }
        String browser = randomValue();
        String state = randomValue();
        states.put(state, new State(found.request(), hash(browser), clock.instant().plus(LIFETIME)));
        return Optional.of(new Opened(browser, state, found.request()));
    }

    /** Uses the state up when it is valid and comes from the browser it was made for. */
    Check consume(String state, String browser) {
        if (state == null || state.isBlank()) {
            return new Check(null, "The request carries no state: it did not come from an install link of this "
                    + "server.");
        }
        State found = states.get(state);
        if (found == null) {
            return new Check(null, "The state is unknown: it was not made by this server, or it expired.");
        }
        synchronized (found) {
            if (!clock.instant().isBefore(found.expires)) {
                states.remove(state);
                return new Check(null, "The install link expired; ask for a new one.");
            }
            if (found.used) {
                return new Check(null, "The state was used already: an installation is accepted once per install link.");
            }
            if (browser == null || !MessageDigest.isEqual(hash(browser).getBytes(StandardCharsets.US_ASCII),
                    found.browserHash.getBytes(StandardCharsets.US_ASCII))) {
                return new Check(null, "The state belongs to another browser: finish the installation in the browser "
                        + "that opened the install link.");
            }
            found.used = true;
            return new Check(found.request, null);
        }
    }

    private void purge() {
        Instant now = clock.instant();
        tickets.values().removeIf(t -> !now.isBefore(t.expires()));
        states.values().removeIf(s -> !now.isBefore(s.expires));
    }

    private String randomValue() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String hash(String value) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
