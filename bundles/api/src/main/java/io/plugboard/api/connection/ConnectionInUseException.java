package io.plugboard.api.connection;

import java.util.List;

/** The connection is named by other resources (integrations using it for auth) and was not deleted (REST: 409). */
public class ConnectionInUseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> referrers;

    /** @param referrers the resources that name it, e.g. {@code Integration default/my-github} */
    public ConnectionInUseException(String message, List<String> referrers) {
        super(message);
        this.referrers = List.copyOf(referrers);
    }

    public List<String> referrers() {
        return referrers;
    }
}
