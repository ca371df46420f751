package io.plugboard.core.internal.execution;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.plugboard.api.provider.Action;
import io.plugboard.api.resource.FieldError;
import io.plugboard.core.internal.schema.SchemaMessages;

/** The input schemas of actions, compiled once per schema text (networknt, draft 2020-12). */
final class ActionSchemas {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() { };

    /** One action's schema, as a tree (for the expression resolver) and compiled. */
    record Compiled(Map<String, Object> tree, JsonSchema schema) {
    }

    private final Map<String, Compiled> compiled = new ConcurrentHashMap<>();

    /** @throws IllegalStateException when the action's schema is not a JSON Schema object (a provider's bug) */
    Compiled of(Action action) {
        String text = Objects.requireNonNull(action.inputSchema(), "inputSchema");
        return compiled.computeIfAbsent(text, t -> {
            try {
                Map<String, Object> tree = JSON.readValue(t, MAP);
                return new Compiled(tree, FACTORY.getSchema(JSON.valueToTree(tree)));
            } catch (Exception e) {
                throw new IllegalStateException("the input schema of action " + action.name() + " is not valid JSON "
                        + "Schema: " + e.getMessage());
            }
        });
    }

    /** The input's problems, each field named under {@code prefix} (e.g. {@code executor.github}). */
    List<FieldError> validate(Action action, Map<String, Object> input, String prefix) {
        List<FieldError> errors = new ArrayList<>();
        for (ValidationMessage m : of(action).schema().validate(JSON.valueToTree(input))) {
            FieldError e = SchemaMessages.toFieldError(0, m);
            if (e != null) {
                errors.add(new FieldError(0, e.field().isEmpty() ? prefix : prefix + "." + e.field(), e.message()));
            }
        }
        return errors;
    }

    /** The names of the properties the schema marks secret ({@code writeOnly}, {@code format: password}). */
    @SuppressWarnings("unchecked")
    java.util.Set<String> secretProperties(Action action) {
        java.util.Set<String> names = new java.util.HashSet<>();
        Object properties = of(action).tree().get("properties");
        if (properties instanceof Map<?, ?> map) {
            ((Map<String, Object>) map).forEach((name, spec) -> {
                if (spec instanceof Map<?, ?> s && (Boolean.TRUE.equals(s.get("writeOnly")) || "password".equals(s.get("format")))) {
                    names.add(name);
                }
            });
        }
        return names;
    }
}
