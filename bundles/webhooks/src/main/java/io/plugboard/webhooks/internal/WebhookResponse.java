package io.plugboard.webhooks.internal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** What the webhook endpoint answers: a status, a content type, a body and extra headers. */
record WebhookResponse(int status, String contentType, byte[] body, Map<String, String> headers) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static WebhookResponse json(int status, Map<String, Object> body) {
        try {
            return new WebhookResponse(status, "application/json", JSON.writeValueAsBytes(body), Map.of());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The error shape of every Plugboard endpoint: {@code {"error": code, "message": text}}. */
    static WebhookResponse error(int status, String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        return json(status, body);
    }

    WebhookResponse withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new WebhookResponse(status, contentType, body, h);
    }

    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
