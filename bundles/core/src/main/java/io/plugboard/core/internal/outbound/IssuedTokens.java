package io.plugboard.core.internal.outbound;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.plugboard.api.provider.ActionException;
import io.plugboard.api.provider.IssuedToken;

/**
 * The tokens {@code CredentialIssuer}s issued, one per integration: used until {@link #EARLY} before they expire,
 * issued again when the integration changed (its generation) or the provider refused one, and never asked for twice at
 * once for the same integration: callers in this node wait for the one request, and nodes sharing the database take
 * turns ({@link Shared#exclusive}) and find the token the node before them stored (sealed, never shown).
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

    /** Where the nodes sharing a database keep the tokens they issued, and take turns issuing one. */
    interface Shared {
        /** The token stored for {@code uid} at {@code generation}, if any. */
        Optional<IssuedToken> get(String uid, long generation);

        void put(String uid, long generation, IssuedToken token);

        void forget(String uid);

        /** Runs {@code work} while no other node runs work for {@code uid}. */
        <T> T exclusive(String uid, Supplier<T> work);

        /** One node: nothing to share. */
        Shared NONE = new Shared() {
            public Optional<IssuedToken> get(String uid, long generation) {
                return Optional.empty();
            }

            public void put(String uid, long generation, IssuedToken token) {
            }

            public void forget(String uid) {
            }

            public <T> T exclusive(String uid, Supplier<T> work) {
                return work.get();
            }
        };
    }

    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Shared shared;

    IssuedTokens(Clock clock) {
        this(clock, Shared.NONE);
    }

    IssuedTokens(Clock clock, Shared shared) {
        this.clock = clock;
        this.shared = shared;
    }

    /** A token of the integration {@code uid} at {@code generation}: the one held while it is good, else a new one. */
    String token(String uid, long generation, Issue issue) {
        Slot slot = slots.computeIfAbsent(uid, k -> new Slot());
        synchronized (slot) {
            if (slot.token == null || slot.generation != generation || !good(slot.token)) {
                replace(uid, slot, generation, null, issue);
            }
            return slot.token.token();
        }
    }

    /** After the provider refused {@code rejected}: a new token, unless another caller has replaced it already. */
    String refreshed(String uid, long generation, String rejected, Issue issue) {
        Slot slot = slots.computeIfAbsent(uid, k -> new Slot());
        synchronized (slot) {
            if (slot.token == null || slot.generation != generation || slot.token.token().equals(rejected)) {
                replace(uid, slot, generation, rejected, issue);
            }
            return slot.token.token();
        }
    }

    /** Forgets the integration's token (it was deleted). */
    void forget(String uid) {
        slots.remove(uid);
        shared.forget(uid);
    }

    private boolean good(IssuedToken token) {
        return clock.instant().isBefore(token.expiresAt().minus(EARLY));
    }

    /**
     * A new token for the slot: the one another node stored meanwhile when it is good (and not the one refused), else
     * one issued now - by one node at a time.
     */
    private void replace(String uid, Slot slot, long generation, String rejected, Issue issue) {
        slot.token = null;
        IssuedToken fresh = shared.exclusive(uid, () -> {
            Optional<IssuedToken> stored = shared.get(uid, generation);
            if (stored.isPresent() && good(stored.get()) && !stored.get().token().equals(rejected)) {
                return stored.get();
            }
            IssuedToken issued;
            try {
                issued = issue.issue();
            } catch (ActionException e) {
                throw new IssueFailure(e.getMessage(), e.retryable(), e);
            }
            if (issued == null) {
                throw new IssueFailure("the credential issuer gave no token", false, null);
            }
            shared.put(uid, generation, issued);
            return issued;
        });
        slot.token = fresh;
        slot.generation = generation;
    }
}
