package io.plugboard.api.resource;

import java.util.Objects;

/** Names one resource: kind, scope and name. */
public record ResourceRef(Kind kind, Scope scope, String name) {

    public ResourceRef {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(name, "name");
    }

    /** {@code Integration default/canvas-1/github}. */
    @Override
    public String toString() {
        return kind.kindName() + " " + scope + "/" + name;
    }
}
