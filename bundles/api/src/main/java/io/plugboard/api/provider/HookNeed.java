package io.plugboard.api.provider;

import java.util.Objects;
import java.util.Set;

/**
 * What one event source needs of the provider: a hook on {@code target} (e.g. {@code repos/octo/hello}) that delivers
 * {@code items} — event types, or what the provider filters its hook by (Semaphore: project names); {@code *} is all.
 * Needs on the same target are merged by union.
 */
public record HookNeed(String target, Set<String> items) {

    public static final String ALL = "*";

    public HookNeed {
        Objects.requireNonNull(target, "target");
        items = Set.copyOf(items);
    }
}
