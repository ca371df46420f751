package io.plugboard.core.internal.connection;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.plugboard.api.connection.FormField;
import io.plugboard.api.resource.FieldError;
import io.plugboard.core.internal.schema.SchemaMessages;

/**
 * What a Form source asks for and what it makes: the input form derived from a storage schema, validation of the
 * user's input against that schema (networknt, draft-07), and the display-once object.
 *
 * <p>Display-once: every property of the displayOnce schema is filled from the stored object, except properties
 * marked {@code "x-plugboard-generate": "secret"}, which get a fresh random value (32 bytes, base64url) that is also
 * stored under the same name. That is how a Form source "produces" values, e.g. a webhook signing secret.
 */
final class ConnectionForms {

    /** Marks a displayOnce property whose value Plugboard generates. */
    static final String GENERATE_KEYWORD = "x-plugboard-generate";
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(token|secret|password|passwd|passphrase|credential|private|api[-_]?key|key)$");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);

    private ConnectionForms() {
    }

    /** One field per property of the storage schema, in the schema's order. */
    static List<FormField> fields(Map<String, Object> storageSchema) {
        List<FormField> fields = new ArrayList<>();
        List<?> required = storageSchema.get("required") instanceof List<?> list ? list : List.of();
        for (Map.Entry<String, Object> e : properties(storageSchema).entrySet()) {
            Map<String, Object> property = asMap(e.getValue());
            String name = e.getKey();
            String type = property.get("type") instanceof String t ? t : "string";
            boolean secret = Boolean.TRUE.equals(property.get("writeOnly")) || "password".equals(property.get("format"))
                    || ("string".equals(type) && SECRET_NAME.matcher(name).matches());
            List<Object> options = property.get("enum") instanceof List<?> values ? new ArrayList<>(values) : List.of();
            fields.add(new FormField(name, property.get("title") instanceof String title ? title : name,
                    property.get("description") instanceof String d ? d : "", type, required.contains(name), secret,
                    options, property.get("default")));
        }
        return fields;
    }

    /** Whether a field's name alone makes it secret (token, password, secret, key, ...). */
    static boolean looksSecret(String name) {
        return SECRET_NAME.matcher(name).matches();
    }

    /** The names of the secret fields: never shown, never returned. */
    static List<String> secretFields(Map<String, Object> storageSchema) {
        return fields(storageSchema).stream().filter(FormField::secret).map(FormField::name).toList();
    }

    /**
     * Schema errors of {@code value}, as fields under {@code prefix} (e.g. {@code input.token: required}).
     */
    static List<FieldError> validate(Map<String, Object> schema, Map<String, Object> value, String prefix) {
        List<ValidationMessage> messages = new ArrayList<>(SCHEMAS.getSchema(JSON.valueToTree(schema))
                .validate(JSON.valueToTree(value)));
        messages.sort(Comparator.comparing((ValidationMessage m) -> m.getInstanceLocation().toString())
                .thenComparing(ValidationMessage::getMessage));
        List<FieldError> errors = new ArrayList<>();
        for (ValidationMessage m : messages) {
            FieldError error = SchemaMessages.toFieldError(0, m);
            if (error == null) {
                continue;
            }
            String field = error.field().isEmpty() ? prefix : prefix + "." + error.field();
            FieldError prefixed = new FieldError(0, field, error.message());
            if (!errors.contains(prefixed)) {
                errors.add(prefixed);
            }
        }
        return errors;
    }

    /**
     * Generates the values the displayOnce schema asks Plugboard to generate, adding them to {@code storage}.
     *
     * @return the names generated
     */
    static List<String> generate(Map<String, Object> displayOnceSchema, Map<String, Object> storage, SecureRandom random) {
        List<String> generated = new ArrayList<>();
        if (displayOnceSchema == null) {
            return generated;
        }
        for (Map.Entry<String, Object> e : properties(displayOnceSchema).entrySet()) {
            if ("secret".equals(asMap(e.getValue()).get(GENERATE_KEYWORD))) {
                byte[] bytes = new byte[32];
                random.nextBytes(bytes);
                storage.put(e.getKey(), Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
                generated.add(e.getKey());
            }
        }
        return generated;
    }

    /** The display-once object: each of the schema's properties, taken from the stored object. */
    static Map<String, Object> displayOnce(Map<String, Object> displayOnceSchema, Map<String, Object> storage) {
        Map<String, Object> shown = new LinkedHashMap<>();
        if (displayOnceSchema != null) {
            for (String name : properties(displayOnceSchema).keySet()) {
                if (storage.containsKey(name)) {
                    shown.put(name, storage.get(name));
                }
            }
        }
        return shown;
    }

    static Map<String, Object> properties(Map<String, Object> schema) {
        return asMap(schema.get("properties"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }
}
