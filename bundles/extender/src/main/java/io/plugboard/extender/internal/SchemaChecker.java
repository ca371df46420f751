package io.plugboard.extender.internal;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.AnnotationKeyword;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.InputStreamSource;

/**
 * Checks that a JSON Schema (draft-07) is usable: it matches the draft-07 meta-schema and networknt loads it. Nothing
 * is fetched from the network: the meta-schemas come from the validator's own jar, and a {@code $ref} to anything
 * outside the schema fails.
 */
final class SchemaChecker {

    /** The draft-07 meta-schema IRIs a {@code $schema} may name. */
    static final Set<String> DRAFT_07 = Set.of("http://json-schema.org/draft-07/schema#",
            "http://json-schema.org/draft-07/schema");

    private static final String CLASSPATH = "classpath:";
    /** Keywords whose values are data, not schemas. */
    private static final Set<String> LITERALS = Set.of("const", "enum", "default", "examples");
    private static final int MAX_MESSAGES = 3;

    private final JsonSchemaFactory factory;
    private final JsonSchema metaSchema;

    SchemaChecker() {
        // keywords draft-07 does not know (x-..., writeOnly is known) are annotations: kept, not warned about
        JsonMetaSchema draft7 = JsonMetaSchema.builder(JsonMetaSchema.getV7())
                .unknownKeywordFactory((keyword, context) -> new AnnotationKeyword(keyword)).build();
        factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7, builder -> builder.metaSchema(draft7)
                .schemaLoaders(loaders -> loaders.add(SchemaChecker::load)));
        metaSchema = factory.getSchema(SchemaLocation.of("http://json-schema.org/draft-07/schema#"));
        metaSchema.initializeValidators();
    }

    /**
     * Loads what the factory asks for: the meta-schemas (mapped to {@code classpath:} by networknt) from the
     * validator's bundle, whatever the thread's context class loader; nothing else.
     */
    private static InputStreamSource load(AbsoluteIri iri) {
        String location = iri.toString();
        if (location.startsWith(CLASSPATH)) {
            String resource = location.substring(CLASSPATH.length()).replaceFirst("^/+", "");
            return () -> {
                InputStream in = JsonSchemaFactory.class.getClassLoader().getResourceAsStream(resource);
                if (in == null) {
                    throw new FileNotFoundException(location);
                }
                return in;
            };
        }
        return () -> {
            throw new IOException("refers to " + location + ": only references inside the schema are allowed");
        };
    }

    /**
     * The first {@code $ref} that does not point inside the schema, or {@code null}. Checked before networknt sees the
     * schema: it would try to load it (and log the failure with a stack trace). Literal values are not searched.
     */
    static String externalRef(JsonNode node) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isTextual() && !ref.asText().startsWith("#")) {
                return ref.asText();
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!LITERALS.contains(field.getKey())) {
                    String found = externalRef(field.getValue());
                    if (found != null) {
                        return found;
                    }
                }
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                String found = externalRef(item);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** What is wrong with {@code schema}; empty when it is a usable draft-07 JSON Schema. */
    List<String> problems(JsonNode schema) {
        JsonNode declared = schema.get("$schema");
        if (declared != null && !(declared.isTextual() && DRAFT_07.contains(declared.asText()))) {
            return List.of("$schema: " + declared + " is not supported: only draft-07 "
                    + "(http://json-schema.org/draft-07/schema#)");
        }
        String outside = externalRef(schema);
        if (outside != null) {
            return List.of("$ref: '" + outside + "' points outside the schema: only references inside it (#/...) "
                    + "are allowed");
        }
        Set<ValidationMessage> messages;
        try {
            messages = metaSchema.validate(schema);
        } catch (RuntimeException e) {
            return List.of("not a usable JSON Schema: " + e.getMessage());
        }
        if (!messages.isEmpty()) {
            return messages.stream().limit(MAX_MESSAGES).map(m -> "not a valid JSON Schema (draft-07): " + m.getMessage())
                    .collect(Collectors.toList());
        }
        try {
            factory.getSchema(schema).initializeValidators();
        } catch (RuntimeException e) {
            String reason = e.getMessage();
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause.getMessage() != null) {
                    reason = cause.getMessage();
                }
            }
            return List.of("not a usable JSON Schema: " + reason);
        }
        return List.of();
    }
}
