package io.plugboard.provider.support.json;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/** Reading parsed JSON (maps and lists, as Plugboard gives webhook bodies to actions). */
public final class JsonMaps {

    private JsonMaps() {
    }

    /** The value at {@code path}, {@code null} when any step is missing or not an object. */
    public static Object at(Map<String, Object> root, String... path) {
        Object at = root;
        for (String key : path) {
            if (!(at instanceof Map<?, ?> map)) {
                return null;
            }
            at = map.get(key);
        }
        return at;
    }

    /** The scalar at {@code path} as text ({@code 42} → "42"), {@code null} when missing or not a scalar. */
    public static String text(Map<String, Object> root, String... path) {
        Object value = at(root, path);
        if (value instanceof Number n) {
            return n instanceof Double || n instanceof Float ? n.toString() : String.valueOf(n.longValue());
        }
        return value instanceof String || value instanceof Boolean ? value.toString() : null;
    }

    /** An ISO-8601 instant at {@code path}, {@code null} when missing or not one. */
    public static Instant instant(Map<String, Object> root, String... path) {
        String text = text(root, path);
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
