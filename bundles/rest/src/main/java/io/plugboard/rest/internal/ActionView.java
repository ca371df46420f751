package io.plugboard.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plugboard.api.provider.Action;

/**
 * One action of a provider: {@code {name, description, cancellable, inputSchema}}; the schema as the JSON object the
 * provider ships ({@code null} when it is not JSON, a provider's bug).
 */
public record ActionView(String name, String description, boolean cancellable, JsonNode inputSchema) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static ActionView of(Action a) {
        JsonNode schema;
        try {
            schema = JSON.readTree(a.inputSchema());
        } catch (Exception e) {
            schema = null;
        }
        return new ActionView(a.name(), a.description(), a.cancellable(), schema);
    }
}
