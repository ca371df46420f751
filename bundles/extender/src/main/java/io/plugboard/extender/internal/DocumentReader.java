package io.plugboard.extender.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** Reading YAML and JSON files into JSON-like values (maps, lists, strings, numbers, booleans, null). */
final class DocumentReader {

    static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final ObjectMapper YAML = YAMLMapper.builder(YAMLFactory.builder().build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    private DocumentReader() {
    }

    /** A file that cannot be parsed; the message says where and why. */
    static final class SyntaxException extends Exception {
        private static final long serialVersionUID = 1L;

        SyntaxException(String message) {
            super(message);
        }
    }

    /** The one YAML document of {@code bytes}, which must be a mapping. */
    static Map<String, Object> yamlObject(byte[] bytes) throws SyntaxException {
        List<Object> documents = new ArrayList<>();
        // a parser, not readValues: a MappingIterator would unwrap a top-level list into several values
        try (JsonParser parser = YAML.createParser(bytes)) {
            while (parser.nextToken() != null) {
                documents.add(YAML.readValue(parser, Object.class));
            }
        } catch (JsonProcessingException e) {
            throw new SyntaxException("not valid YAML: " + describe(e));
        } catch (IOException | RuntimeException e) {
            throw new SyntaxException("not valid YAML: " + e.getMessage());
        }
        documents.removeIf(d -> d == null);
        if (documents.isEmpty()) {
            throw new SyntaxException("the file is empty");
        }
        if (documents.size() > 1) {
            throw new SyntaxException("the file holds " + documents.size() + " YAML documents: expected one");
        }
        if (!(documents.get(0) instanceof Map)) {
            throw new SyntaxException("expected a mapping (key: value) at the top, found " + typeName(documents.get(0)));
        }
        return stringKeys(documents.get(0));
    }

    /** The JSON object of {@code bytes}. */
    static JsonNode jsonObject(byte[] bytes) throws SyntaxException {
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new SyntaxException("not JSON: " + describe(e));
        } catch (IOException | RuntimeException e) {
            throw new SyntaxException("not JSON: " + e.getMessage());
        }
        if (node == null || node.isMissingNode()) {
            throw new SyntaxException("not JSON: the file is empty");
        }
        if (!node.isObject()) {
            throw new SyntaxException("not a JSON object (found " + node.getNodeType().name().toLowerCase() + ")");
        }
        return node;
    }

    /** {@code value} as a JSON tree. */
    static JsonNode tree(Object value) {
        return JSON.valueToTree(value);
    }

    /** {@code node} as maps, lists and scalars, read-only. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(JsonNode node) {
        return (Map<String, Object>) freeze(JSON.convertValue(node, Object.class));
    }

    /** A read-only deep copy of a JSON-like value (maps keep their order; nulls are kept). */
    static Object freeze(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), freeze(v)));
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(freeze(v)));
            return Collections.unmodifiableList(copy);
        }
        return value;
    }

    /** The JSON type name of a parsed value, for messages. */
    static String typeName(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "a list";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        if (value instanceof Number) {
            return "a number";
        }
        return value.getClass().getSimpleName();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stringKeys(Object map) {
        // YAML allows non-string keys (1: x); make them strings so every lookup is by name
        Map<String, Object> copy = new LinkedHashMap<>();
        ((Map<Object, Object>) map).forEach((k, v) -> copy.put(String.valueOf(k), v));
        return copy;
    }

    private static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (message != null) {
            int newline = message.indexOf('\n');
            message = newline < 0 ? message : message.substring(0, newline);
        }
        if (e.getLocation() != null && e.getLocation().getLineNr() > 0) {
            return message + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        }
        return message;
    }
}
