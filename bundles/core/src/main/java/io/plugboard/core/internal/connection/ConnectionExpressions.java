package io.plugboard.core.internal.connection;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.plugboard.api.connection.ConnectionTypeRef;
import io.plugboard.api.connection.ExpressionResolver;

/**
 * Parses and resolves connection expressions (see {@link ExpressionResolver}):
 * <ul>
 * <li>{@code ${connections.<provider>.<name>}}</li>
 * <li>{@code ${connections.'<provider>/<type>@<version>'.<name>}} (double quotes work too)</li>
 * <li>either followed by {@code .<field>}, or {@code .<field>.<field>...} into nested objects.</li>
 * </ul>
 * Other {@code ${...}} expressions are left as they are.
 */
public final class ConnectionExpressions {

    /** Where an expression starts. */
    static final String PREFIX = "${connections.";
    static final String FORMS = "expected ${connections.<provider>.<name>} or "
            + "${connections.'<provider>/<type>@<version>'.<name>}, optionally followed by .<field>";

    private static final Pattern BODY = Pattern.compile(
            "(?:([a-z0-9]+)|'([^'\"]*)'|\"([^'\"]*)\")\\.([a-z0-9-]+)((?:\\.[A-Za-z0-9_-]+)*)");

    private ConnectionExpressions() {
    }

    /**
     * One {@code ${connections...}} expression in a string.
     *
     * @param provider  the provider id
     * @param type      the exact connection type when the expression names one, else {@code null}
     * @param name      the connection's name
     * @param fieldPath the keys followed into the stored object, empty for the whole object
     * @param start     index of {@code $} in the string
     * @param end       index just after the closing {@code }}
     */
    public record Reference(String provider, ConnectionTypeRef type, String name, List<String> fieldPath,
                            int start, int end) {

        public Reference {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(name, "name");
            fieldPath = fieldPath == null ? List.of() : List.copyOf(fieldPath);
        }

        /** The expression as it would be written, e.g. {@code ${connections.'github/token@1'.mine.token}}. */
        public String expression() {
            StringBuilder text = new StringBuilder(PREFIX)
                    .append(type == null ? provider : "'" + type + "'").append('.').append(name);
            fieldPath.forEach(field -> text.append('.').append(field));
            return text.append('}').toString();
        }

        /** The connection named, for messages: {@code 'mine' of github} or {@code 'mine' of github/token@1}. */
        String connection() {
            return "'" + name + "' of " + (type == null ? provider : type.toString());
        }

        private String example(String field) {
            StringBuilder text = new StringBuilder(PREFIX)
                    .append(type == null ? provider : "'" + type + "'").append('.').append(name);
            return text.append('.').append(field).append('}').toString();
        }
    }

    /** Finds the stored object of a connection. */
    @FunctionalInterface
    public interface Lookup {

        /**
         * The stored object of the connection called {@code name} of type {@code typeOrNull}, or of any type of
         * {@code provider} when it is {@code null}.
         *
         * @throws IllegalArgumentException when there is no such connection, or (without a type) several types of
         *                                  the provider have one of that name; the message says which
         */
        Map<String, Object> storage(String provider, ConnectionTypeRef typeOrNull, String name);
    }

    /**
     * Every {@code ${connections...}} expression in {@code text}, in order.
     *
     * @throws IllegalArgumentException when an expression starting with {@code ${connections.} is malformed; the
     *                                  message quotes it and says what is expected
     */
    public static List<Reference> parse(String text) {
        List<Reference> references = new ArrayList<>();
        if (text == null) {
            return references;
        }
        int from = 0;
        while (true) {
            int start = text.indexOf(PREFIX, from);
            if (start < 0) {
                return references;
            }
            int close = text.indexOf('}', start);
            if (close < 0) {
                throw new IllegalArgumentException(text.substring(start) + " : missing the closing }; " + FORMS);
            }
            String expression = text.substring(start, close + 1);
            String body = text.substring(start + PREFIX.length(), close);
            Matcher m = BODY.matcher(body);
            if (!m.matches()) {
                throw new IllegalArgumentException(expression + " : " + FORMS);
            }
            String provider;
            ConnectionTypeRef type = null;
            if (m.group(1) != null) {
                provider = m.group(1);
            } else {
                String ref = m.group(2) != null ? m.group(2) : m.group(3);
                try {
                    type = ConnectionTypeRef.parse(ref);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(expression + " : " + e.getMessage());
                }
                if (!ref.equals(type.toString())) {
                    throw new IllegalArgumentException(expression + " : '" + ref
                            + "' is not a connection type: expected <provider>/<name>@<version>, e.g. github/token@1");
                }
                provider = type.provider();
            }
            List<String> fields = new ArrayList<>();
            String path = m.group(5);
            if (!path.isEmpty()) {
                fields.addAll(List.of(path.substring(1).split("\\.")));
            }
            references.add(new Reference(provider, type, m.group(4), fields, start, close + 1));
            from = close + 1;
        }
    }

    /** Whether {@code text} holds a {@code ${connections.} expression (well-formed or not). */
    public static boolean containsExpression(String text) {
        return text != null && text.contains(PREFIX);
    }

    /**
     * Resolves every expression in {@code template}: maps (keys kept) and lists are walked into new ones; a string
     * that is exactly one expression becomes its value (a copy of the whole stored object, or the field's value of
     * any JSON type); expressions inside a longer string are replaced by the text of a string, number or boolean
     * field. Other values are returned as they are. Each connection is looked up once per call.
     *
     * @throws IllegalArgumentException when an expression is malformed, names a field that is not there, or would
     *                                  embed something other than a scalar in text; errors from {@code lookup}
     *                                  are thrown as they are
     */
    public static Object resolve(Object template, Lookup lookup) {
        Objects.requireNonNull(lookup, "lookup");
        return resolve(template, new Resolver(lookup));
    }

    /**
     * Resolves an input object published with {@code schema}: a property (of the top-level object, of nested
     * objects, or the items of an array) marked with {@code "x-relay-connectionType": "<provider>/<type>@<version>"}
     * whose value is a string without a {@code ${connections.} expression is taken as a connection name and replaced
     * by that connection's stored object (a copy, not resolved further); {@link #resolve} runs on the rest.
     *
     * @throws IllegalArgumentException when a schema's connection type is not of that form, a named connection does
     *                                  not exist (from {@code lookup}), or as {@link #resolve}
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> resolveInput(Map<String, Object> schema, Map<String, Object> input,
                                                   Lookup lookup) {
        Objects.requireNonNull(lookup, "lookup");
        if (input == null) {
            return new LinkedHashMap<>();
        }
        return (Map<String, Object>) byName(schema, input, "", new Resolver(lookup));
    }

    /**
     * Walks {@code value} along {@code schema}: connection names where the schema marks them become stored objects
     * (which are not resolved further: stored values are data, not templates); everything else is resolved.
     * {@code at} is the property path, for messages.
     */
    private static Object byName(Object schema, Object value, String at, Resolver resolver) {
        if (!(schema instanceof Map<?, ?> s) || value == null) {
            return resolve(value, resolver);
        }
        Object keyword = s.get(ExpressionResolver.CONNECTION_TYPE_KEYWORD);
        if (keyword != null) {
            ConnectionTypeRef type;
            String where = at.isEmpty() ? "the input" : "property '" + at + "'";
            if (!(keyword instanceof String)) {
                throw new IllegalArgumentException("schema of " + where + ": "
                        + ExpressionResolver.CONNECTION_TYPE_KEYWORD + " must be a string such as github/token@1");
            }
            try {
                type = ConnectionTypeRef.parse((String) keyword);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("schema of " + where + ": "
                        + ExpressionResolver.CONNECTION_TYPE_KEYWORD + " " + e.getMessage());
            }
            if (value instanceof String name && !containsExpression(name)) {
                return copy(resolver.storage(new Reference(type.provider(), type, name, List.of(), 0, 0)));
            }
            return resolve(value, resolver);
        }
        if (value instanceof Map<?, ?> map && s.get("properties") instanceof Map<?, ?> properties) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String path = at.isEmpty() ? String.valueOf(entry.getKey()) : at + "." + entry.getKey();
                out.put(entry.getKey(), byName(properties.get(entry.getKey()), entry.getValue(), path, resolver));
            }
            return out;
        }
        if (value instanceof List<?> list && s.get("items") instanceof Map<?, ?> items) {
            List<Object> out = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                out.add(byName(items, list.get(i), at + "[" + i + "]", resolver));
            }
            return out;
        }
        return resolve(value, resolver);
    }

    private static Object resolve(Object template, Resolver resolver) {
        if (template instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.put(entry.getKey(), resolve(entry.getValue(), resolver));
            }
            return out;
        }
        if (template instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object item : list) {
                out.add(resolve(item, resolver));
            }
            return out;
        }
        if (!(template instanceof String text)) {
            return template;
        }
        List<Reference> references = parse(text);
        if (references.isEmpty()) {
            return text;
        }
        if (references.size() == 1 && references.get(0).start() == 0 && references.get(0).end() == text.length()) {
            Reference reference = references.get(0);
            return copy(value(reference, resolver.storage(reference)));
        }
        StringBuilder out = new StringBuilder();
        int from = 0;
        for (Reference reference : references) {
            Map<String, Object> storage = resolver.storage(reference);
            if (reference.fieldPath().isEmpty()) {
                throw new IllegalArgumentException(reference.expression()
                        + " : cannot embed a whole connection in text; name a field, e.g. "
                        + reference.example(exampleField(storage)));
            }
            Object value = value(reference, storage);
            if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                throw new IllegalArgumentException(reference.expression() + " : cannot embed "
                        + (value == null ? "a null field" : value instanceof List ? "a list" : "an object")
                        + " in text; name a field holding text, a number or a boolean, e.g. "
                        + reference.example(exampleField(storage)));
            }
            out.append(text, from, reference.start()).append(value);
            from = reference.end();
        }
        return out.append(text, from, text.length()).toString();
    }

    /** The value at the reference's field path in {@code storage}. */
    private static Object value(Reference reference, Map<String, Object> storage) {
        Object value = storage;
        StringBuilder path = new StringBuilder();
        for (String field : reference.fieldPath()) {
            if (!(value instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException(reference.expression() + " : field '" + path + "' of connection "
                        + reference.connection() + " is not an object, so it has no field '" + field + "'");
            }
            if (path.length() > 0) {
                path.append('.');
            }
            path.append(field);
            if (!map.containsKey(field)) {
                TreeSet<String> names = new TreeSet<>();
                map.keySet().forEach(key -> names.add(String.valueOf(key)));
                throw new IllegalArgumentException(reference.expression() + " : connection " + reference.connection()
                        + " has no field '" + path + "'"
                        + (names.isEmpty() ? "" : " (fields: " + String.join(", ", names) + ")"));
            }
            value = map.get(field);
        }
        return value;
    }

    private static String exampleField(Map<String, Object> storage) {
        return storage.entrySet().stream()
                .filter(e -> e.getValue() instanceof String || e.getValue() instanceof Number
                        || e.getValue() instanceof Boolean)
                .map(Map.Entry::getKey)
                .sorted()
                .findFirst()
                .orElse("<field>");
    }

    /** A deep copy of JSON-like maps and lists. */
    private static Object copy(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, copy(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(item -> out.add(copy(item)));
            return out;
        }
        return value;
    }

    /** Looks each connection up once. */
    private static final class Resolver {
        private final Lookup lookup;
        private final Map<List<Object>, Map<String, Object>> found = new HashMap<>();

        Resolver(Lookup lookup) {
            this.lookup = lookup;
        }

        Map<String, Object> storage(Reference reference) {
            List<Object> key = java.util.Arrays.asList(reference.provider(), reference.type(), reference.name());
            Map<String, Object> storage = found.get(key);
            if (storage == null) {
                storage = lookup.storage(reference.provider(), reference.type(), reference.name());
                if (storage == null) {
                    throw new IllegalArgumentException("no connection " + reference.connection());
                }
                found.put(key, storage);
            }
            return storage;
        }
    }
}
