package io.plugboard.api.connection;

/**
 * A connection type file that could not be used; the provider's other types are unaffected.
 *
 * @param provider the provider id of the bundle it came from
 * @param file     its path inside the bundle, e.g. {@code connections/token/connection.yaml}
 * @param reason   what is wrong, naming the field
 */
public record InvalidConnectionType(String provider, String file, String reason) {
}
