package io.plugboard.api.provider;

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

    private WebhookVerification(Outcome outcome, String deliveryId, String eventType,
                                String handshakeContentType, byte[] handshakeBody, String reason) {
        this.outcome = outcome;
        this.deliveryId = deliveryId;
        this.eventType = eventType;
        this.handshakeContentType = handshakeContentType;
        this.handshakeBody = handshakeBody;
        this.reason = reason;
    }

    /** A verified delivery; {@code deliveryId} is the provider's idempotency key. */
    public static WebhookVerification accepted(String deliveryId, String eventType) {
        return new WebhookVerification(Outcome.ACCEPTED, Objects.requireNonNull(deliveryId, "deliveryId"),
                Objects.requireNonNull(eventType, "eventType"), null, null, null);
    }

    /** A verified handshake to answer with {@code body}; nothing is stored. */
    public static WebhookVerification handshake(String contentType, byte[] body) {
        return new WebhookVerification(Outcome.HANDSHAKE, null, null, Objects.requireNonNull(contentType),
                body.clone(), null);
    }

    /** Not verified. {@code reason} goes to the log and must not contain the signature or secret. */
    public static WebhookVerification rejected(String reason) {
        return new WebhookVerification(Outcome.REJECTED, null, null, null, null, Objects.requireNonNull(reason));
    }

    public Outcome outcome() { return outcome; }
    public String deliveryId() { return deliveryId; }
    public String eventType() { return eventType; }
    public String handshakeContentType() { return handshakeContentType; }
    public byte[] handshakeBody() { return handshakeBody == null ? null : handshakeBody.clone(); }
    public String reason() { return reason; }
}
