package io.plugboard.provider.github.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.plugboard.api.cluster.SharedValues;

/**
 * The second proof of an installation, for apps that do not ask for user authorization: GitHub's signed
 * {@code installation} {@code created} webhook for it, which may come before or after the browser reaches the setup
 * URL - and, with several nodes, to another node. Whichever comes second completes the pair; each side waits
 * {@link #WINDOW} at most, and each proof is used once. In the database ({@link SharedValues}).
 *
 * <p>Each side stores itself, then looks for the other once more: two sides arriving at the same moment on two nodes
 * both complete (the integration they create is the same one, applied twice) rather than both waiting.
 */
final class InstallationProofs {

    static final Duration WINDOW = Duration.ofMinutes(10);
    private static final String PROOF = "github-install-proof";
    private static final String WAITING = "github-install-waiting";

    private final SharedValues shared;

    InstallationProofs(SharedValues shared) {
        this.shared = shared;
    }

    /**
     * The signed webhook for {@code installation} arrived: the setup waiting for it, if any (used up), else the
     * proof is kept for the setup to come.
     */
    Optional<InstallStates.Request> webhook(String installation, String account) {
        Optional<Map<String, Object>> waiting = shared.take(WAITING, installation);
        if (waiting.isEmpty()) {
            shared.put(PROOF, installation, Map.of("account", account == null ? "" : account), WINDOW);
            waiting = shared.take(WAITING, installation);
            if (waiting.isPresent()) {
                shared.remove(PROOF, installation);
            }
        }
        return waiting.map(InstallStates.Request::of);
    }

    /**
     * The setup URL proved its state for {@code installation}: true when the webhook came already (the proof is used
     * up); otherwise the request waits for it.
     */
    boolean setup(String installation, InstallStates.Request request) {
        if (shared.take(PROOF, installation).isPresent()) {
            return true;
        }
        shared.put(WAITING, installation, request.toMap(), WINDOW);
        if (shared.take(PROOF, installation).isPresent()) {
            shared.remove(WAITING, installation);
            return true;
        }
        return false;
    }
}
