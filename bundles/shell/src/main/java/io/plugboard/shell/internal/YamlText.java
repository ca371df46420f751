package io.plugboard.shell.internal;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes nested maps, lists and scalars as readable YAML (block style, two spaces per level, list items indented
 * under their key). Strings are quoted only where plain YAML would read them differently; text with line breaks
 * becomes a literal block. Enough for showing resources, no YAML library needed.
 */
final class YamlText {

    private static final String INDENT = "  ";

    /** Plain scalars YAML would read as something other than a string. */
    private static final Set<String> RESERVED = Set.of("true", "false", "yes", "no", "on", "off", "y", "n", "null",
            "~", ".nan", ".inf", "-.inf", "+.inf");

    private static final Pattern NUMBER = Pattern.compile(
            "[-+]?(\\d[\\d_]*(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?|0x[0-9a-fA-F_]+|0o[0-7_]+|\\d{4}-\\d\\d-\\d\\d.*");

    private YamlText() {
    }

    /** The map as a YAML document, one line per scalar, ending with a line break ({@code {}} when empty). */
    static String of(Map<?, ?> document) {
        StringBuilder out = new StringBuilder();
        if (document.isEmpty()) {
            return "{}\n";
        }
        writeMap(out, document, 0, false);
        return out.toString();
    }

    /** @param onItemLine the first entry continues the {@code - } line of a list item */
    private static void writeMap(StringBuilder out, Map<?, ?> map, int level, boolean onItemLine) {
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(first && onItemLine)) {
                indent(out, level);
            }
            first = false;
            out.append(key(e.getKey())).append(':');
            writeValue(out, e.getValue(), level);
        }
    }

    private static void writeList(StringBuilder out, Collection<?> list, int level) {
        for (Object item : list) {
            indent(out, level);
            out.append('-');
            if (item instanceof Map<?, ?> m && !m.isEmpty()) {
                out.append(' ');
                writeMap(out, m, level + 1, true);
            } else if (item instanceof Collection<?> c && !c.isEmpty()) {
                out.append('\n');
                writeList(out, c, level + 1);
            } else {
                writeValue(out, item, level);
            }
        }
    }

    /** After {@code key:} or {@code -}: the rest of the line, and any nested lines. */
    private static void writeValue(StringBuilder out, Object value, int level) {
        if (value instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                out.append(" {}\n");
            } else {
                out.append('\n');
                writeMap(out, m, level + 1, false);
            }
        } else if (value instanceof Collection<?> c) {
            if (c.isEmpty()) {
                out.append(" []\n");
            } else {
                out.append('\n');
                writeList(out, c, level + 1);
            }
        } else if (value instanceof Object[] array) {
            writeValue(out, List.of(array), level);
        } else if (value instanceof String s && isBlock(s)) {
            out.append(s.endsWith("\n") ? " |\n" : " |-\n");
            for (String line : s.split("\n", -1)) {
                if (!line.isEmpty()) {
                    indent(out, level + 1);
                    out.append(line);
                }
                out.append('\n');
            }
            // split keeps a trailing empty string after the final line break: drop its extra newline
            if (s.endsWith("\n")) {
                out.setLength(out.length() - 1);
            }
        } else {
            out.append(' ').append(scalar(value)).append('\n');
        }
    }

    /** Multi-line text that reads back unchanged as a literal block. */
    private static boolean isBlock(String s) {
        return s.indexOf('\n') >= 0 && s.indexOf('\r') < 0 && !s.startsWith(" ") && !s.endsWith("\n\n")
                && s.chars().noneMatch(c -> c < 0x20 && c != '\n' && c != '\t');
    }

    static String scalar(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        String s = value.toString();
        return needsQuotes(s) ? quote(s) : s;
    }

    private static String key(Object key) {
        return scalar(key == null ? "null" : key.toString());
    }

    private static boolean needsQuotes(String s) {
        if (s.isEmpty() || RESERVED.contains(s.toLowerCase(Locale.ROOT)) || NUMBER.matcher(s).matches()) {
            return true;
        }
        if (Character.isWhitespace(s.charAt(0)) || Character.isWhitespace(s.charAt(s.length() - 1))) {
            return true;
        }
        if ("-?:,[]{}#&*!|>'\"%@`".indexOf(s.charAt(0)) >= 0) {
            return true;
        }
        if (s.contains(": ") || s.contains(" #") || s.endsWith(":")) {
            return true;
        }
        return s.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }

    private static String quote(String s) {
        StringBuilder q = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\r' -> q.append("\\r");
                case '\t' -> q.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        q.append(String.format("\\x%02x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }

    private static void indent(StringBuilder out, int level) {
        out.append(INDENT.repeat(level));
    }
}
