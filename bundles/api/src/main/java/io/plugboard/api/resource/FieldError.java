package io.plugboard.api.resource;

/**
 * One reason a document was refused.
 *
 * @param document the document's position in the input, from 0
 * @param field    the field in dotted form, e.g. {@code spec.auth.token.valueFrom.secret.key}; empty for the
 *                 whole document
 * @param message  what is wrong, e.g. {@code required}
 */
public record FieldError(int document, String field, String message) {

    /** {@code spec.auth.use: must be one of AUTH_TYPE_NONE, ...}. */
    @Override
    public String toString() {
        return field.isEmpty() ? message : field + ": " + message;
    }
}
