package io.plugboard.rest.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.plugboard.api.event.EventDetail;

/** Small conversions shared by the event views. */
final class EventViewValues {

    private static final ObjectReader JSON = new ObjectMapper().readerFor(JsonNode.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private EventViewValues() {
    }

    /** ISO-8601, or {@code null}. */
    static String instant(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /**
     * An event in detail: the fields of {@link EventView}, then {@code headers} (sorted by name), the body and
     * {@code deliveries}. The body is {@code "body"} (the JSON itself) when it parses as JSON, else {@code "bodyText"}
     * when it is UTF-8 text, else {@code "bodyBase64"}.
     */
    static Map<String, Object> detail(EventDetail detail) {
        EventView event = EventView.of(detail.event());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", event.id());
        body.put("integration", event.integration());
        body.put("provider", event.provider());
        body.put("deliveryId", event.deliveryId());
        body.put("eventType", event.eventType());
        body.put("receivedAt", event.receivedAt());
        body.put("status", event.status());
        body.put("headers", detail.event().headers() == null ? Map.of() : new TreeMap<>(detail.event().headers()));
        putBody(body, detail.body());
        body.put("deliveries", detail.deliveries() == null ? List.of()
                : detail.deliveries().stream().map(DeliveryView::of).toList());
        return body;
    }

    /** Adds {@code body}, {@code bodyText} or {@code bodyBase64}. */
    static void putBody(Map<String, Object> target, byte[] bytes) {
        byte[] b = bytes == null ? new byte[0] : bytes;
        JsonNode json = parseJson(b);
        if (json != null) {
            target.put("body", json);
            return;
        }
        String text = utf8(b);
        if (text != null) {
            target.put("bodyText", text);
        } else {
            target.put("bodyBase64", Base64.getEncoder().encodeToString(b));
        }
    }

    /** The body as a JSON tree; {@code null} when it is empty or not (exactly one) JSON value. */
    static JsonNode parseJson(byte[] bytes) {
        if (bytes.length == 0) {
            return null;
        }
        try {
            JsonNode node = JSON.readValue(bytes);
            return node == null || node.isMissingNode() ? null : node;
        } catch (IOException | RuntimeException e) {
            return null;       // not JSON (Jackson reports malformed input as JsonProcessingException, an IOException)
        }
    }

    /** The bytes as text when they are valid UTF-8, else {@code null}. */
    static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
