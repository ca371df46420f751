package io.plugboard.api.execution;

/** No execution with that id. */
public class ExecutionNotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ExecutionNotFoundException(String id) {
        super("No execution '" + id + "'.");
    }
}
