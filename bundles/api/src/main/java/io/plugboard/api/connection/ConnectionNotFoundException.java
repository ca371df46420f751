package io.plugboard.api.connection;

/** The connection, or the connection type, does not exist (REST: 404). */
public class ConnectionNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConnectionNotFoundException(String message) {
        super(message);
    }
}
