package io.plugboard.provider.slack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plugboard.api.provider.Provider;
import io.plugboard.api.provider.WebhookAttributes;
import io.plugboard.api.provider.WebhookRequest;
import io.plugboard.api.provider.WebhookSignatures;
import io.plugboard.api.provider.WebhookTimestamps;
import io.plugboard.api.provider.WebhookVerification;
import io.plugboard.api.provider.FailClosedWebhookVerifier;
import io.plugboard.api.provider.WebhookVerifier;
import org.osgi.service.component.annotations.Component;

/**
 * Verifies Slack Events API requests with the app's signing secret:
 * {@code X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:" + X-Slack-Request-Timestamp + ":" + raw body>}; a timestamp
 * more than five minutes away from the time of receipt (either way) is rejected, against replays.
 *
 * <p>A verified {@code url_verification} request is answered as a handshake, {@code {"challenge":"…"}}. Any other
 * request is accepted with delivery id {@code event_id} and event type {@code event.type} (else the top-level
 * {@code type}); requests without them (e.g. slash commands, interactivity payloads) are rejected. Filter attributes:
 * {@code channel} (event.channel), {@code event} (the event type), {@code team} (team_id). Fails closed; stateless.
 */
@Component(service = WebhookVerifier.class, property = Provider.PROVIDER_PROPERTY + "=" + SlackProvider.ID)
public class SlackWebhookVerifier extends FailClosedWebhookVerifier {

    public SlackWebhookVerifier() {
        super("Slack request");
    }

    static final String SIGNATURE_HEADER = "X-Slack-Signature";
    static final String TIMESTAMP_HEADER = "X-Slack-Request-Timestamp";
    static final Duration TOLERANCE = Duration.ofMinutes(5);

    private static final String VERSION = "v0";
    private static final String SIGNATURE_PREFIX = VERSION + "=";
    private static final String URL_VERIFICATION = "url_verification";

    /** Thread-safe once configured; used only to read and write trees. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @Override
    protected WebhookVerification check(WebhookRequest request, byte[] secret) {
        String timestamp = request.header(TIMESTAMP_HEADER);
        if (timestamp == null) {
            return WebhookVerification.rejected("missing header " + TIMESTAMP_HEADER);
        }
        timestamp = timestamp.strip();
        if (!WebhookTimestamps.isValid(timestamp)) {
            return WebhookVerification.rejected(TIMESTAMP_HEADER + " is not a Unix time in seconds");
        }
        if (!WebhookTimestamps.within(timestamp, request.receivedAt(), TOLERANCE)) {
            return WebhookVerification.rejected(TIMESTAMP_HEADER + " is more than 5 minutes away from the time of receipt");
        }
        String signatureHeader = request.header(SIGNATURE_HEADER);
        if (signatureHeader == null) {
            return WebhookVerification.rejected("missing header " + SIGNATURE_HEADER);
        }
        signatureHeader = signatureHeader.strip();
        if (!signatureHeader.startsWith(SIGNATURE_PREFIX)) {
            return WebhookVerification.rejected(SIGNATURE_HEADER + " does not start with " + SIGNATURE_PREFIX);
        }
        byte[] presented = WebhookSignatures.parseHex(signatureHeader.substring(SIGNATURE_PREFIX.length()));
        if (presented == null) {
            return WebhookVerification.rejected(SIGNATURE_HEADER + " is not " + SIGNATURE_PREFIX + "<64 hex digits>");
        }
        byte[] body = request.body();
        byte[] base = (VERSION + ":" + timestamp + ":").getBytes(StandardCharsets.US_ASCII);
        if (!WebhookSignatures.matches(WebhookSignatures.hmacSha256(secret, base, body), presented)) {
            return WebhookVerification.rejected(SIGNATURE_HEADER + " does not match the timestamp and body");
        }

        JsonNode payload;
        try {
            payload = JSON.readTree(body);
        } catch (IOException e) {
            return WebhookVerification.rejected("the Slack request is not JSON (only Events API requests are taken)");
        }
        if (payload == null || !payload.isObject()) {
            return WebhookVerification.rejected("the Slack request is not a JSON object");
        }
        if (URL_VERIFICATION.equals(text(payload.path("type")))) {
            return handshake(payload);
        }
        JsonNode event = payload.path("event");
        String eventType = text(event.path("type"));
        if (eventType == null) {
            eventType = text(payload.path("type"));
        }
        if (eventType == null) {
            return WebhookVerification.rejected("the Slack request has no event.type or type");
        }
        String eventId = text(payload.path("event_id"));
        if (eventId == null) {
            return WebhookVerification.rejected("the Slack request has no event_id");
        }
        WebhookAttributes attributes = WebhookAttributes.empty()
                .with("channel", channel(event))
                .with("event", eventType)
                .with("team", text(payload.path("team_id")));
        return WebhookVerification.accepted(eventId, eventType, attributes.toMap());
    }

    private static WebhookVerification handshake(JsonNode payload) {
        String challenge = text(payload.path("challenge"));
        if (challenge == null) {
            return WebhookVerification.rejected("the url_verification request has no challenge");
        }
        try {
            return WebhookVerification.handshake("application/json",
                    JSON.writeValueAsBytes(JSON.createObjectNode().put("challenge", challenge)));
        } catch (JsonProcessingException e) {
            return WebhookVerification.rejected("the url_verification answer could not be written");
        }
    }

    /**
     * The channel an event happened in: {@code event.channel} — a string for messages and mentions, an object with an
     * {@code id} for channel events — or, for reactions, {@code event.item.channel}.
     */
    private static String channel(JsonNode event) {
        JsonNode channel = event.path("channel");
        if (channel.isObject()) {
            channel = channel.path("id");
        }
        String id = text(channel);
        return id != null ? id : text(event.path("item").path("channel"));
    }

    /** A non-blank string value, or {@code null}. */
    private static String text(JsonNode node) {
        return node.isTextual() && !node.textValue().isBlank() ? node.textValue() : null;
    }
}
