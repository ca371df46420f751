package io.plugboard.api.connection;

import java.util.Map;

/**
 * The answer to creating a connection: the connection and, exactly this once, its display-once object (values the
 * source produced that the user must copy now, e.g. a generated webhook secret). Never returned again.
 */
public record CreatedConnection(Connection connection, Map<String, Object> displayOnce) {

    public CreatedConnection {
        displayOnce = displayOnce == null ? Map.of() : displayOnce;
    }
}
