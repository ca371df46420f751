package io.plugboard.api.provider;

import java.util.Objects;
import java.util.Set;

/**
 * One hook to ensure: where it lives, the URL it delivers to (the integration's webhook URL), the secret it signs with
 * (never to be logged), what it delivers (sorted; {@code ["*"]} is all) and the id Plugboard stored for it, if any.
 */
public record HookSpec(IntegrationContext integration, String target, String url, String secret, Set<String> items,
                       String knownId) {

    public HookSpec {
        Objects.requireNonNull(integration, "integration");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(secret, "secret");
        items = Set.copyOf(items);
    }

    /** Whether every event (or item) is wanted. */
    public boolean all() {
        return items.contains(HookNeed.ALL);
    }

    @Override
    public String toString() {
        return "HookSpec[" + target + " -> " + url + ", items=" + items + ", knownId=" + knownId + "]";
    }
}
