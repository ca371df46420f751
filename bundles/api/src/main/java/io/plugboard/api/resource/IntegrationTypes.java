package io.plugboard.api.resource;

import java.util.Locale;

/** The one rule between an integration's {@code spec.type} and its provider id: {@code TYPE_GITHUB} ↔ {@code github}. */
public final class IntegrationTypes {

    private static final String PREFIX = "TYPE_";

    private IntegrationTypes() {
    }

    /** {@code TYPE_GITHUB} → {@code github}; {@code ""} for anything that is not a {@code TYPE_} name. */
    public static String providerId(String type) {
        return type != null && type.startsWith(PREFIX) ? type.substring(PREFIX.length()).toLowerCase(Locale.ROOT) : "";
    }

    /** The provider id of an Integration resource. */
    public static String providerId(Resource integration) {
        return integration.spec().get("type") instanceof String type ? providerId(type) : "";
    }

    /** {@code github} → {@code TYPE_GITHUB}. */
    public static String typeOf(String providerId) {
        return PREFIX + providerId.toUpperCase(Locale.ROOT);
    }
}
