package io.plugboard.rest.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Checks on JSON request bodies read as maps. */
final class JsonBodies {

    private JsonBodies() {
    }

    /**
     * 400 naming the first field of {@code body} that is not one of {@code fields} - a misspelt or unsupported field
     * would otherwise be ignored without a word.
     */
    static void onlyFields(Map<String, ?> body, String where, String... fields) {
        if (body == null) {
            return;
        }
        Set<String> known = Set.of(fields);
        for (String field : body.keySet()) {
            if (!known.contains(field)) {
                throw new ApiException(400, "unknown_field", "Unknown field '" + where + field + "': expected "
                        + String.join(", ", new TreeSet<>(List.of(fields))) + ".");
            }
        }
    }
}
