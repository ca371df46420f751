package io.plugboard.api.resource;

import java.util.Locale;

/** What {@code apply} did with one document. */
public enum ApplyAction {
    CREATED, UPDATED, UNCHANGED;

    /** Lower case, as shown to users: {@code created}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
