package io.plugboard.provider.slack.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.io.ByteArrayInputStream;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plugboard.api.provider.Provider;
import io.plugboard.api.provider.WebhookAttributes;
import io.plugboard.api.provider.WebhookForms;
import io.plugboard.api.provider.WebhookRequest;
import io.plugboard.api.provider.WebhookSignatures;
import io.plugboard.api.provider.WebhookTimestamps;
import io.plugboard.api.provider.WebhookVerification;
import io.plugboard.api.provider.FailClosedWebhookVerifier;
import io.plugboard.api.provider.WebhookVerifier;
import io.plugboard.provider.support.json.JsonFields;
import org.osgi.service.component.annotations.Component;

/**
 * Verifies Slack Events API requests with the app's signing secret:
 * {@code X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:" + X-Slack-Request-Timestamp + ":" + raw body>}; a timestamp
 * more than five minutes away from the time of receipt (either way) is rejected, against replays.
 *
 * <p>A verified {@code url_verification} request is answered as a handshake, {@code {"challenge":"…"}}. Any other
 * JSON request is accepted with delivery id {@code event_id} and event type {@code event.type} (else the top-level
 * {@code type}); one without them is rejected. Filter attributes: {@code channel} (event.channel), {@code event} (the
 * event type), {@code team} (team_id). Fails closed; stateless.
 *
 * <p>Slash commands and interactivity requests come form-encoded, signed the same way. A slash command is accepted as
 * event type {@code slash_command}; an interactivity request (its JSON in the {@code payload} parameter) as its
 * {@code type} ({@code block_actions}, {@code view_submission}, {@code shortcut}, …). Their delivery id is the
 * {@code trigger_id} Slack makes for every invocation (one without it, such as {@code view_closed}, is rejected), and
 * they are answered 200 with an empty body once stored, as Slack requires (anything else shows the user an error).
 *
 * <p>A JSON body is read as a stream (the signature, then the few fields of a verified body): a large request is
 * never held in memory. A form body is decoded in memory, up to {@link WebhookForms#MAX_BYTES}.
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

    private static final String TYPE = "/type";
    private static final String CHALLENGE = "/challenge";
    private static final String EVENT_ID = "/event_id";
    private static final String TEAM_ID = "/team_id";
    private static final String EVENT_TYPE = "/event/type";
    private static final String CHANNEL = "/event/channel";          // messages, mentions: a string
    private static final String CHANNEL_ID = "/event/channel/id";    // channel events: an object
    private static final String ITEM_CHANNEL = "/event/item/channel"; // reactions
    /** The payload's fields the outcome is made of. */
    private static final Set<String> FIELDS = Set.of(TYPE, CHALLENGE, EVENT_ID, TEAM_ID, EVENT_TYPE, CHANNEL, CHANNEL_ID,
            ITEM_CHANNEL);

    /** Form parameters of slash commands and interactivity requests. */
    private static final String COMMAND = "command";
    private static final String PAYLOAD = "payload";
    private static final String TRIGGER_ID = "trigger_id";
    private static final String FORM_TEAM_ID = "team_id";
    private static final String FORM_CHANNEL_ID = "channel_id";
    private static final Set<String> FORM_FIELDS = Set.of(COMMAND, PAYLOAD, TRIGGER_ID, FORM_TEAM_ID, FORM_CHANNEL_ID);
    /** Fields of an interactivity payload. */
    private static final String TRIGGER = "/trigger_id";
    private static final String TEAM = "/team/id";
    private static final String PAYLOAD_CHANNEL = "/channel/id";
    private static final String CALLBACK_ID = "/callback_id";           // shortcuts, message actions
    private static final String VIEW_CALLBACK_ID = "/view/callback_id"; // view submissions
    private static final Set<String> PAYLOAD_FIELDS = Set.of(TYPE, TRIGGER, TEAM, PAYLOAD_CHANNEL, CALLBACK_ID, VIEW_CALLBACK_ID);
    static final String SLASH_COMMAND = "slash_command";
    /** What Slack needs to hear for a slash command or an interactivity request. */
    private static final int FORM_ACKNOWLEDGEMENT = 200;

    private static final String NOT_JSON = "the Slack request is neither JSON nor form-encoded";
    private static final String NOT_AN_OBJECT = "the Slack request is not a JSON object";

    /** Thread-safe; writes the url_verification answer. */
    private static final ObjectMapper JSON = new ObjectMapper();

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
        byte[] base = (VERSION + ":" + timestamp + ":").getBytes(StandardCharsets.US_ASCII);
        try {
            byte[] expected = WebhookSignatures.hmacSha256(secret, base, request);
            if (!WebhookSignatures.matches(expected, presented)) {
                return WebhookVerification.rejected(SIGNATURE_HEADER + " does not match the timestamp and body");
            }
            if (WebhookForms.isForm(request)) {
                return verifiedForm(request);
            }
            Map<String, String> payload = JsonFields.read(request, FIELDS);
            if (payload.isEmpty()) { // not a JSON object, or one without any of the fields
                String notAnObject = JsonFields.whyNotAnObject(request, NOT_JSON, NOT_AN_OBJECT);
                if (notAnObject != null) {
                    return WebhookVerification.invalid(notAnObject);
                }
            }
            return verified(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The outcome for the fields of a verified JSON object. */
    private static WebhookVerification verified(Map<String, String> payload) {
        if (URL_VERIFICATION.equals(text(payload, TYPE))) {
            return handshake(text(payload, CHALLENGE));
        }
        String eventType = text(payload, EVENT_TYPE);
        if (eventType == null) {
            eventType = text(payload, TYPE);
        }
        if (eventType == null) {
            return WebhookVerification.invalid("the Slack request has no event.type or type");
        }
        String eventId = text(payload, EVENT_ID);
        if (eventId == null) {
            return WebhookVerification.invalid("the Slack request has no event_id");
        }
        WebhookAttributes attributes = WebhookAttributes.empty()
                .with("channel", channel(payload))
                .with("event", eventType)
                .with("team", text(payload, TEAM_ID));
        return WebhookVerification.accepted(eventId, eventType, attributes.toMap());
    }

    /** A verified slash command or interactivity request. */
    private static WebhookVerification verifiedForm(WebhookRequest request) throws IOException {
        Optional<Map<String, String>> read = WebhookForms.read(request, FORM_FIELDS);
        if (read.isEmpty()) {
            return WebhookVerification.invalid("the Slack form is malformed or larger than " + WebhookForms.MAX_BYTES + " bytes");
        }
        Map<String, String> form = read.get();
        String eventType;
        String triggerId;
        WebhookAttributes attributes;
        if (text(form, COMMAND) != null) {
            eventType = SLASH_COMMAND;
            triggerId = text(form, TRIGGER_ID);
            attributes = WebhookAttributes.empty().with("channel", text(form, FORM_CHANNEL_ID))
                    .with("command", text(form, COMMAND)).with("team", text(form, FORM_TEAM_ID));
        } else if (text(form, PAYLOAD) != null) {
            Map<String, String> payload = JsonFields.read(
                    new ByteArrayInputStream(form.get(PAYLOAD).getBytes(StandardCharsets.UTF_8)), PAYLOAD_FIELDS);
            eventType = text(payload, TYPE);
            if (eventType == null) {
                return WebhookVerification.invalid("the Slack interactivity payload has no type");
            }
            triggerId = text(payload, TRIGGER);
            String callback = text(payload, CALLBACK_ID);
            attributes = WebhookAttributes.empty().with("channel", text(payload, PAYLOAD_CHANNEL))
                    .with("callback", callback != null ? callback : text(payload, VIEW_CALLBACK_ID))
                    .with("team", text(payload, TEAM));
        } else {
            return WebhookVerification.invalid("the Slack form is neither a slash command nor an interactivity payload");
        }
        if (triggerId == null) {
            return WebhookVerification.invalid("the Slack " + eventType + " request has no trigger_id");
        }
        return WebhookVerification.accepted(triggerId, eventType, attributes.with("event", eventType).toMap())
                .acknowledgedWithEmpty(FORM_ACKNOWLEDGEMENT);
    }

    private static WebhookVerification handshake(String challenge) {
        if (challenge == null) {
            return WebhookVerification.invalid("the url_verification request has no challenge");
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
    private static String channel(Map<String, String> payload) {
        String id = text(payload, CHANNEL);
        if (id == null) {
            id = text(payload, CHANNEL_ID); // present only when event.channel is an object
        }
        return id != null ? id : text(payload, ITEM_CHANNEL);
    }

    /** A non-blank value, or {@code null}. */
    private static String text(Map<String, String> payload, String pointer) {
        String value = payload.get(pointer);
        return value != null && !value.isBlank() ? value : null;
    }
}
