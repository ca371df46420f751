package io.plugboard.extender.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What is wrong with one file: {@code <field>: <what>} each, in the order found. */
final class FileProblems {

    private final List<String> problems = new ArrayList<>();

    void add(String field, String message) {
        problems.add(field == null || field.isEmpty() ? message : field + ": " + message);
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    List<String> all() {
        return List.copyOf(problems);
    }

    /** Every problem, separated by {@code "; "}. */
    String joined() {
        return String.join("; ", problems);
    }

    // ---- typed access to JSON-like maps -----------------------------------------------------------

    static String path(String prefix, String key) {
        return prefix == null || prefix.isEmpty() ? key : prefix + "." + key;
    }

    /** Reports every key of {@code map} that is not in {@code allowed} (listed in {@code order}). */
    void unknownKeys(Map<String, Object> map, String prefix, List<String> order) {
        Set<String> allowed = Set.copyOf(order);
        for (String key : map.keySet()) {
            if (!allowed.contains(key)) {
                add(path(prefix, key), "unknown field (expected one of " + String.join(", ", order) + ")");
            }
        }
    }

    /** A required, non-blank string; {@code null} (and a problem) when absent or of another type. */
    String requiredString(Map<String, Object> map, String prefix, String key) {
        Object value = map.get(key);
        if (value == null) {
            add(path(prefix, key), "required");
            return null;
        }
        if (!(value instanceof String text)) {
            add(path(prefix, key), "must be a string, not " + DocumentReader.typeName(value));
            return null;
        }
        if (text.isBlank()) {
            add(path(prefix, key), "must not be blank");
            return null;
        }
        return text;
    }

    /** An optional string; {@code null} when absent, or (with a problem) of another type. */
    String optionalString(Map<String, Object> map, String prefix, String key) {
        Object value = map.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            add(path(prefix, key), "must be a string, not " + DocumentReader.typeName(value));
            return null;
        }
        return text;
    }

    /** A mapping; {@code null} when absent (a problem if {@code required}) or of another type (a problem). */
    @SuppressWarnings("unchecked")
    Map<String, Object> map(Map<String, Object> map, String prefix, String key, boolean required) {
        Object value = map.get(key);
        if (value == null) {
            if (required) {
                add(path(prefix, key), "required");
            }
            return null;
        }
        if (!(value instanceof Map)) {
            add(path(prefix, key), "must be an object, not " + DocumentReader.typeName(value));
            return null;
        }
        return (Map<String, Object>) value;
    }

    /** A list; {@code null} when absent (a problem if {@code required}) or of another type (a problem). */
    @SuppressWarnings("unchecked")
    List<Object> list(Map<String, Object> map, String prefix, String key, boolean required) {
        Object value = map.get(key);
        if (value == null) {
            if (required) {
                add(path(prefix, key), "required");
            }
            return null;
        }
        if (!(value instanceof List)) {
            add(path(prefix, key), "must be a list, not " + DocumentReader.typeName(value));
            return null;
        }
        return (List<Object>) value;
    }
}
