package io.plugboard.api.provider;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The filter-field values of one delivery, as {@link WebhookVerification#accepted(String, String, Map)} takes them:
 * each field's values in the order they were first given, without {@code null} or blank values and without repeats;
 * fields in the order of their first value. A field is present only once it has a value, so a verifier can offer
 * every candidate (e.g. several places a payload may name the branch in) and let the absent ones drop out.
 *
 * <p>An immutable builder: {@link #with} returns a new instance (or this one when nothing changes) and never changes
 * this one, so its result must be used:
 * <pre>{@code
 * WebhookAttributes attributes = WebhookAttributes.empty()
 *         .with("event", event)
 *         .with("repository", fullName)   // e.g. octo/hello
 *         .with("repository", name);      // e.g. hello
 * if (ref != null && ref.startsWith("refs/heads/")) {
 *     attributes = attributes.with("branch", ref.substring("refs/heads/".length()));
 * }
 * return WebhookVerification.accepted(deliveryId, event, attributes.toMap());
 * }</pre>
 *
 * <p>Values are taken as given: not stripped, compared case-sensitively. A verifier that reads a JSON payload passes
 * a string node's text, and {@code null} for any other node (missing, {@code null}, a number or an object), which
 * adds nothing. Meant for the handful of values of one delivery: each {@code with} copies what it has so far.
 *
 * @since 1.1.0
 */
public final class WebhookAttributes {

    private static final WebhookAttributes EMPTY = new WebhookAttributes(Map.of());

    /** Unmodifiable, in insertion order; each list unmodifiable and not empty. */
    private final Map<String, List<String>> values;

    private WebhookAttributes(Map<String, List<String>> values) {
        this.values = values;
    }

    /**
     * No attributes.
     *
     * @return the empty instance, to add to with {@link #with}
     */
    public static WebhookAttributes empty() {
        return EMPTY;
    }

    /**
     * These attributes plus {@code value} as the last value of {@code field}; these attributes unchanged when
     * {@code value} is {@code null} or blank, or when {@code field} already has it.
     *
     * @param field the filter field, e.g. {@code branch}; not {@code null} nor blank
     * @param value the value, or {@code null} for none
     * @return the attributes with {@code value}; this instance when nothing is added
     * @throws IllegalArgumentException if {@code field} is {@code null} or blank
     */
    public WebhookAttributes with(String field, String value) {
        if (field == null || field.isBlank()) {
            throw new IllegalArgumentException("field must not be blank");
        }
        if (value == null || value.isBlank()) {
            return this;
        }
        List<String> current = values.getOrDefault(field, List.of());
        if (current.contains(value)) {
            return this;
        }
        List<String> list = new ArrayList<>(current.size() + 1);
        list.addAll(current);
        list.add(value);
        Map<String, List<String>> copy = new LinkedHashMap<>(values);
        copy.put(field, List.copyOf(list));
        return new WebhookAttributes(Collections.unmodifiableMap(copy));
    }

    /**
     * The attributes as {@link WebhookVerification#accepted(String, String, Map)} takes them.
     *
     * @return an unmodifiable map, fields in the order of their first value, each to its unmodifiable, non-empty list
     *         of values in the order they were added
     */
    public Map<String, List<String>> toMap() {
        return values;
    }

    /** Equal when both have the same fields, each with the same values in the same order (as {@link Map#equals}). */
    @Override
    public boolean equals(Object other) {
        return other instanceof WebhookAttributes && values.equals(((WebhookAttributes) other).values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    /** The attributes as a map, e.g. {@code {event=[push], branch=[main]}}. */
    @Override
    public String toString() {
        return values.toString();
    }
}
