package io.plugboard.api.connection;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names one version of a connection type: {@code <provider>/<name>@<version>}, e.g. {@code github/token@1}.
 *
 * @param provider the provider id ({@code [a-z0-9]+})
 * @param name     the connection type's name ({@code [a-z0-9][a-z0-9-]*})
 * @param version  its version, 1 or more
 */
public record ConnectionTypeRef(String provider, String name, int version) implements Comparable<ConnectionTypeRef> {

    /** What a connection type name looks like. */
    public static final Pattern NAME_PATTERN = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern REF = Pattern.compile("([a-z0-9]+)/([a-z0-9][a-z0-9-]*)@([1-9][0-9]{0,8})");

    public ConnectionTypeRef {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(name, "name");
        if (version < 1) {
            throw new IllegalArgumentException("version must be 1 or more: " + version);
        }
    }

    /**
     * Parses {@code <provider>/<name>@<version>}.
     *
     * @throws IllegalArgumentException when {@code text} is not of that form
     */
    public static ConnectionTypeRef parse(String text) {
        Matcher m = text == null ? null : REF.matcher(text.trim());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a connection type: expected <provider>/<name>@<version>, "
                    + "e.g. github/token@1");
        }
        return new ConnectionTypeRef(m.group(1), m.group(2), Integer.parseInt(m.group(3)));
    }

    @Override
    public int compareTo(ConnectionTypeRef o) {
        int c = provider.compareTo(o.provider);
        if (c == 0) {
            c = name.compareTo(o.name);
        }
        return c != 0 ? c : Integer.compare(version, o.version);
    }

    @Override
    public String toString() {
        return provider + "/" + name + "@" + version;
    }
}
