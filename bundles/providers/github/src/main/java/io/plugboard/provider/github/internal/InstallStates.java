package io.plugboard.provider.github.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.plugboard.api.cluster.SharedValues;

/**
 * The install link's one-time values: an admin's <b>ticket</b> (made by the REST call, opened once by a browser), and
 * the <b>state</b> that browser carries to GitHub and back to the setup URL: random, single use, expiring, bound to the
 * organization the integration is made in and to the browser that opened the ticket (a cookie; only its hash is kept).
 * A state used once stays known until it expires, so a replay is told as one.
 *
 * <p>In the database ({@link SharedValues}, sealed like every secret), so that with several nodes the link may be made
 * on one, opened on another and come back from GitHub to a third. Each value is kept twice its lifetime, so that an
 * expired one is told as expired rather than unknown.
 */
final class InstallStates {

    static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(10);

    /**
     * Who asked: the organization the integration goes to, and the GitHub account it must be of ({@code null}: any);
     * for a manifest, the app's name and the GitHub organization that owns it ({@code null}: the user).
     */
    record Request(String organization, String account, String name) {
        Request(String organization, String account) {
            this(organization, account, null);
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("organization", organization);
            m.put("account", account);
            m.put("name", name);
            return m;
        }

        static Request of(Map<String, Object> m) {
            return new Request((String) m.get("organization"), (String) m.get("account"), (String) m.get("name"));
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

    private final SecureRandom random = new SecureRandom();
    private final SharedValues shared;
    private final String ticketKind;
    private final String stateKind;
    private final Clock clock;
    private final Duration lifetime;

    InstallStates(SharedValues shared, String kind, Clock clock) {
        this(shared, kind, clock, DEFAULT_LIFETIME);
    }

    /** {@code kind} tells these values from other install states' ({@code github-install}, {@code github-manifest}). */
    InstallStates(SharedValues shared, String kind, Clock clock, Duration lifetime) {
        this.lifetime = lifetime;
        this.shared = shared;
        this.ticketKind = kind + "-ticket";
        this.stateKind = kind + "-state";
        this.clock = clock;
    }

    String ticket(Request request) {
        String ticket = randomValue();
        Map<String, Object> value = request.toMap();
        value.put("expires", clock.instant().plus(lifetime).toEpochMilli());
        shared.put(ticketKind, ticket, value, lifetime.multipliedBy(2));
        return ticket;
    }

    /** The ticket, used up; empty when it is unknown, used or expired. */
    Optional<Opened> open(String ticket) {
        Optional<Map<String, Object>> found = ticket == null || ticket.isEmpty() || ticket.length() > 100 ? Optional.empty()
                : shared.take(ticketKind, ticket);
        if (found.isEmpty() || expired(found.get())) {
            return Optional.empty();
        }
        Request request = Request.of(found.get());
        String browser = randomValue();
        String state = randomValue();
        Map<String, Object> value = request.toMap();
        value.put("browser", hash(browser));
        value.put("expires", clock.instant().plus(lifetime).toEpochMilli());
        value.put("used", false);
        shared.put(stateKind, state, value, lifetime.multipliedBy(2));
        return Optional.of(new Opened(browser, state, request));
    }

    /** Uses the state up when it is valid and comes from the browser it was made for. */
    Check consume(String state, String browser) {
        if (state == null || state.isBlank()) {
            return new Check(null, "The request carries no state: it did not come from an install link of this "
                    + "server.");
        }
        Optional<Map<String, Object>> found = state.length() > 100 ? Optional.empty() : shared.get(stateKind, state);
        if (found.isEmpty()) {
            return new Check(null, "The state is unknown: it was not made by this server, or it expired.");
        }
        Map<String, Object> value = found.get();
        if (expired(value)) {
            return new Check(null, "The install link expired; ask for a new one.");
        }
        if (Boolean.TRUE.equals(value.get("used"))) {
            return new Check(null, "The state was used already: an installation is accepted once per install link.");
        }
        if (browser == null || !MessageDigest.isEqual(hash(browser).getBytes(StandardCharsets.US_ASCII),
                String.valueOf(value.get("browser")).getBytes(StandardCharsets.US_ASCII))) {
            return new Check(null, "The state belongs to another browser: finish the installation in the browser "
                    + "that opened the install link.");
        }
        // the take decides, on one node or several: of two requests with the state, one gets it
        if (shared.take(stateKind, state).isEmpty()) {
            return new Check(null, "The state was used already: an installation is accepted once per install link.");
        }
        value.put("used", true);
        shared.put(stateKind, state, value, lifetime.multipliedBy(2)); // known as used until it expires
        return new Check(Request.of(value), null);
    }

    private boolean expired(Map<String, Object> value) {
        return !(value.get("expires") instanceof Number n) || !clock.instant().isBefore(Instant.ofEpochMilli(n.longValue()));
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
