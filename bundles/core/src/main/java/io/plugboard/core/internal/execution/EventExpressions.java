package io.plugboard.core.internal.execution;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills an event source's executor input from the event that started it: {@code ${event.body.<path>}} (a dotted path
 * into the JSON body; a number steps into an array), {@code ${event.id}}, {@code ${event.type}},
 * {@code ${event.provider}}. A string that is exactly one expression becomes the value (any JSON type); inside a longer
 * string, the value's text. Other {@code ${...}} expressions (connections) are left for later.
 */
final class EventExpressions {

    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{event\\.([A-Za-z0-9_.-]+)}");

    private EventExpressions() {
    }

    /** The values an expression may name: {@code id, type, provider, body}. */
    record EventValues(String id, String type, String provider, Object body) {
    }

    /**
     * @throws IllegalArgumentException when an expression names something the event does not have; the message says
     *                                  which
     */
    @SuppressWarnings("unchecked")
    static Object resolve(Object template, EventValues event) {
        if (template instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((k, v) -> out.put(k, resolve(v, event)));
            return out;
        }
        if (template instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(resolve(v, event)));
            return out;
        }
        if (!(template instanceof String text) || !text.contains("${event.")) {
            return template;
        }
        Matcher malformed = MALFORMED.matcher(EXPRESSION.matcher(text).replaceAll(""));
        if (malformed.find()) {
            throw new IllegalArgumentException(malformed.group() + " is not an expression: write ${event.id}, "
                    + "${event.type}, ${event.provider} or ${event.body.<field>.<field>…} (letters, digits, _ . -)");
        }
        Matcher whole = EXPRESSION.matcher(text);
        if (whole.matches()) {
            return value(whole.group(1), event);
        }
        Matcher m = EXPRESSION.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Object value = value(m.group(1), event);
            if (value instanceof Map || value instanceof List) {
                throw new IllegalArgumentException("${event." + m.group(1) + "} is an object or a list; inside a longer "
                        + "string an expression must name a single value");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf(value)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** What is left of an {@code ${event.…}} that {@link #EXPRESSION} did not take: a mistake, not text to keep. */
    private static final Pattern MALFORMED = Pattern.compile("\\$\\{event\\.[^}]*}?");

    private static Object value(String path, EventValues event) {
        String[] parts = path.split("\\.");
        switch (parts[0]) {
            case "id": return single(parts, event.id(), path);
            case "type": return single(parts, event.type(), path);
            case "provider": return single(parts, event.provider(), path);
            case "body": break;
            default:
                throw new IllegalArgumentException("${event." + path + "}: an event has id, type, provider and body");
        }
        Object at = event.body();
        for (int i = 1; i < parts.length; i++) {
            String key = parts[i];
            if (at instanceof Map<?, ?> map && map.containsKey(key)) {
                at = map.get(key);
            } else if (at instanceof List<?> list && key.matches("\\d+") && Integer.parseInt(key) < list.size()) {
                at = list.get(Integer.parseInt(key));
            } else {
                throw new IllegalArgumentException("${event." + path + "}: the event's body has no '"
                        + String.join(".", java.util.Arrays.copyOfRange(parts, 1, i + 1)) + "'");
            }
        }
        if (at == null) {
            throw new IllegalArgumentException("${event." + path + "} is null in the event's body");
        }
        return at;
    }

    private static Object single(String[] parts, String value, String path) {
        if (parts.length > 1) {
            throw new IllegalArgumentException("${event." + path + "}: " + parts[0] + " has no fields");
        }
        return value;
    }
}
