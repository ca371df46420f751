package io.plugboard.api.connection;

/** The provider did not confirm the revocation; the connection was not deleted (delete it with force). REST: 502. */
public class RevocationFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RevocationFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
