package io.plugboard.rest.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plugboard.api.event.EventService;
import org.osgi.service.event.Event;

/**
 * An event as dispatched to one event source, read from the EventAdmin event core posts on
 * {@code plugboard/events/<provider>/<eventType>}, and its Server-Sent Events frame.
 *
 * @param integration the integration's uid
 * @param eventSource the event source's name
 * @param canvasId    {@code null} for an organization-wide event source
 * @param body        the payload as UTF-8 text
 */
record StreamEvent(String id, String integration, String provider, String eventType, String deliveryId,
                   String eventSource, String organization, String canvasId, String receivedAt, String body,
                   boolean bodyIsData) {

    private static final ObjectMapper JSON = new ObjectMapper();     // no indentation: one line

    /** From the EventAdmin event's properties; provider and event type default to the topic's last two segments. */
    static StreamEvent of(Event event) {
        String topic = event.getTopic();
        String rest = topic.startsWith(EventService.TOPIC_PREFIX) ? topic.substring(EventService.TOPIC_PREFIX.length()) : "";
        int slash = rest.indexOf('/');
        String topicProvider = slash > 0 ? rest.substring(0, slash) : null;
        String topicType = slash > 0 ? rest.substring(slash + 1) : null;
        return new StreamEvent(text(event.getProperty("id")), text(event.getProperty("integration")),
                orElse(text(event.getProperty("provider")), topicProvider),
                orElse(text(event.getProperty("eventType")), topicType),
                text(event.getProperty("deliveryId")), text(event.getProperty("eventSource")),
                text(event.getProperty("organization")), text(event.getProperty("canvasId")),
                time(event.getProperty("receivedAt")), text(event.getProperty("body")), false);
    }

    /**
     * A connection event ({@code plugboard/connections/<WHAT>}): id = the attempt (or connection), event = WHAT, data =
     * one-line JSON of the attempt, connection id, connection type, name, organization and reason.
     */
    static StreamEvent ofConnection(Event event) {
        String topic = event.getTopic();
        Map<String, Object> body = new LinkedHashMap<>();
        for (String key : new String[] {"attempt", "connection", "type", "name", "organization", "reason"}) {
            if (event.getProperty(key) != null) {
                body.put(key, text(event.getProperty(key)));
            }
        }
        String json;
        try {
            json = JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write an event as JSON", e);
        }
        String id = orElse(text(event.getProperty("attempt")), text(event.getProperty("connection")));
        return new StreamEvent(id, text(event.getProperty("connection")), null, topic.substring(topic.lastIndexOf('/') + 1),
                null, null, text(event.getProperty("organization")), null, Instant.now().toString(), json, true);
    }

    /**
     * An execution event ({@code plugboard/executions/<provider>/<state>}): id = the execution, event = its state, data =
     * the execution's JSON as core posted it; {@code integration} is the integration's name (the stream's filter).
     */
    static StreamEvent ofExecution(Event event) {
        String json = text(event.getProperty("json"));
        return new StreamEvent(text(event.getProperty("id")), text(event.getProperty("integration")),
                text(event.getProperty("provider")), text(event.getProperty("state")), null, null,
                text(event.getProperty("organization")), text(event.getProperty("canvasId")), Instant.now().toString(),
                json == null ? "{}" : json, true);
    }

    /** Whether a client that asked for this event source name and this integration uid ({@code null}: any) gets it. */
    boolean matches(String wantedEventSource, String wantedIntegration) {
        return (wantedEventSource == null || wantedEventSource.equals(eventSource))
                && (wantedIntegration == null || wantedIntegration.equals(integration));
    }

    /**
     * {@code id: <event id>\nevent: <eventType>\ndata: <one-line JSON>\n\n}; the JSON has {@code id, integration,
     * provider, eventType, deliveryId, eventSource, receivedAt, body}.
     */
    String frame() {
        if (bodyIsData) {
            return (id == null ? "" : "id: " + oneLine(id) + "\n") + "event: " + oneLine(eventType) + "\ndata: " + body + "\n\n";
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", id);
        data.put("integration", integration);
        data.put("provider", provider);
        data.put("eventType", eventType);
        data.put("deliveryId", deliveryId);
        data.put("eventSource", eventSource);
        data.put("receivedAt", receivedAt);
        data.put("body", body);
        String json;
        try {
            json = JSON.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write an event as JSON", e);
        }
        StringBuilder frame = new StringBuilder(json.length() + 64);
        if (id != null) {
            frame.append("id: ").append(oneLine(id)).append('\n');
        }
        if (eventType != null) {
            frame.append("event: ").append(oneLine(eventType)).append('\n');
        }
        return frame.append("data: ").append(json).append("\n\n").toString();
    }

    /** A field value must not end the line early (SSE lines end at CR or LF). */
    private static String oneLine(String value) {
        return value.replace('\r', ' ').replace('\n', ' ');
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return value.toString();
    }

    private static String time(Object value) {
        if (value instanceof Date date) {
            return date.toInstant().toString();
        }
        if (value instanceof Long millis) {
            return Instant.ofEpochMilli(millis).toString();
        }
        return text(value);
    }

    private static String orElse(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }
}
