package io.plugboard.api.connection;

/** How a connection's values are obtained. */
public enum SourceKind {
    /** The user types them in: every field of the storage schema is an input. */
    FORM("Form"),
    /** A browser login with an OAuth 2.0 / OpenID Connect server; the token response is stored. */
    OAUTH2("OAuth2");

    private final String kindName;

    SourceKind(String kindName) {
        this.kindName = kindName;
    }

    /** The name used in {@code source.kind}. */
    public String kindName() {
        return kindName;
    }

    /** The kind named {@code name} ({@code Form}, {@code OAuth2}), or {@code null}. */
    public static SourceKind byName(String name) {
        for (SourceKind kind : values()) {
            if (kind.kindName.equals(name)) {
                return kind;
            }
        }
        return null;
    }
}
