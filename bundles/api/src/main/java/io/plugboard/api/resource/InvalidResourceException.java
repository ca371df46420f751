package io.plugboard.api.resource;

import java.util.List;
import java.util.stream.Collectors;

/** Input refused: nothing was stored. Carries every problem found, each pointing at its field. */
public class InvalidResourceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<FieldError> errors;

    public InvalidResourceException(List<FieldError> errors) {
        super(errors.stream().map(e -> "document " + (e.document() + 1) + ": " + e).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
