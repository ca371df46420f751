package io.plugboard.provider.github.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The second proof of an installation, for apps that do not ask for user authorization: GitHub's signed
 * {@code installation} {@code created} webhook for it, which may come before or after the browser reaches the setup
 * URL. Whichever comes second completes the pair; each side waits {@link #WINDOW} at most, and each proof is used
 * once. In this node's memory, like the install states.
 */
final class InstallationProofs {

    static final Duration WINDOW = Duration.ofMinutes(10);

    private record Proof(String account, Instant at) { }

    private record Waiting(InstallStates.Request request, Instant at) { }

    private final Map<String, Proof> proofs = new HashMap<>();
    private final Map<String, Waiting> waiting = new HashMap<>();
    private final Clock clock;

    InstallationProofs(Clock clock) {
        this.clock = clock;
    }

    /**
     * The signed webhook for {@code installation} arrived: the setup waiting for it, if any (used up), else the
     * proof is kept for the setup to come.
     */
    synchronized Optional<InstallStates.Request> webhook(String installation, String account) {
        purge();
        Waiting w = waiting.remove(installation);
        if (w != null) {
            return Optional.of(w.request());
        }
        proofs.put(installation, new Proof(account, clock.instant()));
        return Optional.empty();
    }

    /**
     * The setup URL proved its state for {@code installation}: true when the webhook came already (the proof is used
     * up); otherwise the request waits for it.
     */
    synchronized boolean setup(String installation, InstallStates.Request request) {
        purge();
        if (proofs.remove(installation) != null) {
            return true;
        }
        waiting.put(installation, new Waiting(request, clock.instant()));
        return false;
    }

    private void purge() {
        Instant oldest = clock.instant().minus(WINDOW);
        proofs.values().removeIf(p -> p.at().isBefore(oldest));
        waiting.values().removeIf(w -> w.at().isBefore(oldest));
    }
}
