package io.plugboard.api.provider;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of {@link WebhookVerifier#verify}: accepted (with delivery id and event type), a handshake
 * to answer directly (e.g. Slack's {@code url_verification}), or rejected with a reason for the log.
 */
public final class WebhookVerification {

    /** Outcome kinds. */
    public enum Outcome { ACCEPTED, HANDSHAKE, REJECTED }

    private final Outcome outcome;
    private final String deliveryId;
    private final String eventType;
    private final String handshakeContentType;
    private final byte[] handshakeBody;
    private final String reason;
    private final Map<String, List<String>> attributes;

    private WebhookVerification(Outcome outcome, String deliveryId, String eventType,
                                String handshakeContentType, byte[] handshakeBody, String reason,
                                Map<String, List<String>> attributes) {
        this.outcome = outcome;
        this.attributes = attributes;
        this.deliveryId = deliveryId;
        this.eventType = eventType;
        this.handshakeContentType = handshakeContentType;
        this.handshakeBody = handshakeBody;
        this.reason = reason;
    }

    /** A verified delivery; {@code deliveryId} is the provider's idempotency key. */
    public static WebhookVerification accepted(String deliveryId, String eventType) {
        return accepted(deliveryId, eventType, Map.of());
    }

    /**
     * A verified delivery with the values of the provider's filter fields found in it, which event sources are
     * matched against: e.g. for GitHub {@code repository → [octo/hello, hello], branch → [main], event → [push]}. An
     * event source's filter {@code field: value} passes when the delivery's attribute {@code field} contains
     * {@code value}; a field the delivery has no attribute for does not pass.
     */
    public static WebhookVerification accepted(String deliveryId, String eventType, Map<String, List<String>> attributes) {
        if (deliveryId == null || deliveryId.isBlank()) {
            throw new IllegalArgumentException("deliveryId must not be blank");
        }
        Map<String, List<String>> copy = new LinkedHashMap<>();
        attributes.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return new WebhookVerification(Outcome.ACCEPTED, deliveryId, Objects.requireNonNull(eventType, "eventType"),
                null, null, null, Collections.unmodifiableMap(copy));
    }

    /** A verified handshake to answer with {@code body}; nothing is stored. */
    public static WebhookVerification handshake(String contentType, byte[] body) {
        return new WebhookVerification(Outcome.HANDSHAKE, null, null, Objects.requireNonNull(contentType),
                body.clone(), null, Map.of());
    }

    /** Not verified. {@code reason} goes to the log and must not contain the signature or secret. */
    public static WebhookVerification rejected(String reason) {
        return new WebhookVerification(Outcome.REJECTED, null, null, null, null, Objects.requireNonNull(reason), Map.of());
    }

    public Outcome outcome() { return outcome; }
    public String deliveryId() { return deliveryId; }
    public String eventType() { return eventType; }
    public String handshakeContentType() { return handshakeContentType; }
    public byte[] handshakeBody() { return handshakeBody == null ? null : handshakeBody.clone(); }
    public String reason() { return reason; }
    /** Filter-field values of an accepted delivery; empty for other outcomes. */
    public Map<String, List<String>> attributes() { return attributes; }
}
