package io.plugboard.core.internal.outbound;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

import io.plugboard.api.provider.ActionException;
import io.plugboard.api.provider.IssuedToken;

/**
 * The tokens {@code CredentialIssuer}s issued, in memory only (never stored, never shown), one per integration: used
 * until {@link #EARLY} before they expire, issued again when the integration changed (its generation) or the provider
 * refused one, and never asked for twice at once for the same integration (callers wait for the one request).
 */
final class IssuedTokens {

    /** How long before its expiry a token is replaced. */
    static final Duration EARLY = Duration.ofMinutes(5);

    /** Obtains a token; {@link ActionException}s say why not. */
    interface Issue {
        IssuedToken issue() throws ActionException;
    }

    /** The issuer could not give a token; {@link #retryable()} when asking again later may work. */
    static final class IssueFailure extends IllegalStateException {
        private static final long serialVersionUID = 1L;
        private final boolean retryable;

        IssueFailure(String message, boolean retryable, Throwable cause) {
            super(message, cause);
            this.retryable = retryable;
        }

        boolean retryable() {
            return retryable;
        }
    }

    private static final class Slot {
        long generation = -1;
        IssuedToken token;
    }

    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();
    private final Clock clock;

    IssuedTokens(Clock clock) {
        this.clock = clock;
    }

    /** A token of the integration {@code uid} at {@code generation}: the one held while it is good, else a new one. */
    String token(String uid, long generation, Issue issue) {
        Slot slot = slots.computeIfAbsent(uid, k -> new Slot());
        synchronized (slot) {
            if (slot.token == null || slot.generation != generation
                    || !clock.instant().isBefore(slot.token.expiresAt().minus(EARLY))) {
                replace(slot, generation, issue);
            }
            return slot.token.token();
        }
    }

    /** After the provider refused {@code rejected}: a new token, unless another caller has replaced it already. */
    String refreshed(String uid, long generation, String rejected, Issue issue) {
        Slot slot = slots.computeIfAbsent(uid, k -> new Slot());
        synchronized (slot) {
            if (slot.token == null || slot.generation != generation || slot.token.token().equals(rejected)) {
                replace(slot, generation, issue);
            }
            return slot.token.token();
        }
    }

    /** Forgets the integration's token (it was deleted). */
    void forget(String uid) {
        slots.remove(uid);
    }

    private static void replace(Slot slot, long generation, Issue issue) {
        slot.token = null;
        IssuedToken fresh;
        try {
            fresh = issue.issue();
        } catch (ActionException e) {
            throw new IssueFailure(e.getMessage(), e.retryable(), e);
        }
        if (fresh == null) {
            throw new IssueFailure("the credential issuer gave no token", false, null);
        }
        slot.token = fresh;
        slot.generation = generation;
    }
}
