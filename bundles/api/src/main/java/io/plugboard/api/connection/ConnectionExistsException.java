package io.plugboard.api.connection;

/** A connection of that type and name already exists in that scope (REST: 409). */
public class ConnectionExistsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConnectionExistsException(String message) {
        super(message);
    }
}
