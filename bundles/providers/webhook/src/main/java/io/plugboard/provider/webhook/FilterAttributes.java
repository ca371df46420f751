package io.plugboard.provider.webhook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** Collects the filter-field values of one delivery: each field's values in order, without blanks or repeats. */
final class FilterAttributes {

    private final Map<String, List<String>> values = new LinkedHashMap<>();

    FilterAttributes add(String field, String value) {
        if (value != null && !value.isBlank()) {
            List<String> list = values.computeIfAbsent(field, k -> new ArrayList<>());
            if (!list.contains(value)) {
                list.add(value);
            }
        }
        return this;
    }

    /** Adds a JSON string value; other node types (missing, objects, numbers) add nothing. */
    FilterAttributes add(String field, JsonNode value) {
        return add(field, value != null && value.isTextual() ? value.textValue() : null);
    }

    Map<String, List<String>> toMap() {
        return values;
    }
}
