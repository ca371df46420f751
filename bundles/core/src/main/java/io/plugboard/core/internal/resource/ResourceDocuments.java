package io.plugboard.core.internal.resource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.plugboard.api.resource.FieldError;
import io.plugboard.api.resource.InvalidResourceException;

/**
 * Reads resource documents from text: YAML (one or more documents separated by {@code ---}) or JSON (one object, or
 * an array of objects). Syntax errors name the line and column.
 */
final class ResourceDocuments {

    /** Input larger than this is refused, whatever the caller's own limit. */
    static final int MAX_CHARS = 1_000_000;

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final ObjectMapper YAML = YAMLMapper.builder(YAMLFactory.builder().build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    private ResourceDocuments() {
    }

    static List<Map<String, Object>> parse(String text) {
        if (text == null || text.isBlank()) {
            throw invalid(0, "the input is empty: expected one or more documents with kind, metadata and spec");
        }
        if (text.length() > MAX_CHARS) {
            throw invalid(0, "the input has more than " + MAX_CHARS + " characters");
        }
        String trimmed = text.strip();
        List<JsonNode> nodes = new ArrayList<>();
        boolean json = trimmed.startsWith("{") || trimmed.startsWith("[");
        try {
            if (json) {
                JsonNode node = JSON.readTree(trimmed);
                if (node.isArray()) {
                    node.forEach(nodes::add);
                } else {
                    nodes.add(node);
                }
            } else {
                refuseAliases(text);
                try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(text)) {
                    while (it.hasNextValue()) {
                        nodes.add(it.nextValue());
                    }
                }
            }
        } catch (InvalidResourceException e) {
            throw e;
        } catch (JsonProcessingException e) {
            throw invalid(nodes.size(), syntax(json ? "JSON" : "YAML", e));
        } catch (IOException | RuntimeException e) {
            throw invalid(nodes.size(), (json ? "JSON" : "YAML") + " cannot be read: " + rootMessage(e));
        }
        List<Map<String, Object>> documents = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        int index = 0;
        for (JsonNode node : nodes) {
            if (node == null || node.isNull() || node.isMissingNode()) {
                continue; // an empty document, e.g. a leading '---'
            }
            if (!node.isObject()) {
                errors.add(new FieldError(index, "", "a document must be a mapping with kind, metadata and spec, not "
                        + node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
            } else {
                @SuppressWarnings("unchecked")
                Map<String, Object> map = JSON.convertValue(node, LinkedHashMap.class);
                documents.add(map);
            }
            index++;
        }
        if (!errors.isEmpty()) {
            throw new InvalidResourceException(errors);
        }
        if (documents.isEmpty()) {
            throw invalid(0, "the input holds no documents");
        }
        return documents;
    }

    /**
     * YAML aliases ({@code *name}, also in merge keys {@code <<: *name}) are refused: the parser would store an alias
     * as the anchor's name, silently wrong data. One scan of the tokens, before the documents are read.
     */
    private static void refuseAliases(String text) throws IOException {
        try (JsonParser parser = YAML.getFactory().createParser(text)) {
            YAMLParser yaml = (YAMLParser) parser;
            int document = 0;
            int depth = 0;
            for (JsonToken token = yaml.nextToken(); token != null; token = yaml.nextToken()) {
                if (yaml.isCurrentAlias()) {
                    JsonLocation at = yaml.currentLocation();
                    throw invalid(document, "YAML aliases are not supported (*" + yaml.getText() + " at line "
                            + at.getLineNr() + ", column " + at.getColumnNr() + "): write the value out in full");
                }
                if (token.isStructStart()) {
                    depth++;
                } else if (token.isStructEnd() && --depth == 0) {
                    document++;
                }
            }
        }
    }

    private static String syntax(String format, JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return format + " syntax error" + where + ": " + e.getOriginalMessage();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    private static InvalidResourceException invalid(int document, String message) {
        return new InvalidResourceException(List.of(new FieldError(document, "", message)));
    }
}
