package io.plugboard.core.internal.schema;

import com.networknt.schema.ValidationMessage;
import io.plugboard.api.resource.FieldError;

/** JSON Schema messages (networknt) as the field errors users read, for resources and connection forms alike. */
public final class SchemaMessages {

    private SchemaMessages() {
    }

    /** {@code $.spec.auth: required property 'use' not found} → {@code spec.auth.use: required}. */
    public static FieldError toFieldError(int index, ValidationMessage m) {
        String location = m.getInstanceLocation().toString();
        String field = location.startsWith("$.") ? location.substring(2) : location.equals("$") ? "" : location;
        String type = m.getType();
        String property = m.getProperty();
        switch (type) {
            case "required":
                return new FieldError(index, join(field, property), "required");
            case "additionalProperties":
                return new FieldError(index, join(field, property), "unknown field");
            case "if": case "then": case "$ref": case "properties": case "patternProperties":
                return null; // the specific messages come from the keywords underneath
            default:
                String text = m.getMessage();
                String prefix = location + ": ";
                return new FieldError(index, field, text.startsWith(prefix) ? text.substring(prefix.length()) : text);
        }
    }

    private static String join(String parent, String child) {
        return parent.isEmpty() ? child : parent + "." + child;
    }
}
