package io.plugboard.api.provider;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of {@link WebhookVerifier#verify}: accepted (with delivery id and event type), a handshake
 * to answer directly (e.g. Slack's {@code url_verification}), rejected with a reason for the log, or - signed, but not a
 * delivery the provider can take - invalid, with a reason the sender is told.
 */
public final class WebhookVerification {

    /** Outcome kinds. */
    public enum Outcome {
        ACCEPTED, HANDSHAKE, REJECTED,
        /** @since 1.3.0 */
        INVALID
    }

    private final Outcome outcome;
    private final String deliveryId;
    private final String eventType;
    private final String handshakeContentType;
    private final byte[] handshakeBody;
    private final String reason;
    private final Map<String, List<String>> attributes;
    private final int acknowledgementStatus;

    private WebhookVerification(Outcome outcome, String deliveryId, String eventType,
                                String handshakeContentType, byte[] handshakeBody, String reason,
                                Map<String, List<String>> attributes) {
        this(outcome, deliveryId, eventType, handshakeContentType, handshakeBody, reason, attributes, 0);
    }

    private WebhookVerification(Outcome outcome, String deliveryId, String eventType,
                                String handshakeContentType, byte[] handshakeBody, String reason,
                                Map<String, List<String>> attributes, int acknowledgementStatus) {
        this.acknowledgementStatus = acknowledgementStatus;
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

    /**
     * This accepted delivery, answered once it is stored (or found to be a duplicate) with {@code status} and an empty
     * body instead of {@code 202 {"id": …}}: for senders that take no other answer, such as Slack's slash commands and
     * interactivity requests (200, empty).
     *
     * @param status a 2xx status
     * @throws IllegalStateException when this is not an accepted delivery
     * @since 1.3.0
     */
    public WebhookVerification acknowledgedWithEmpty(int status) {
        if (outcome != Outcome.ACCEPTED) {
            throw new IllegalStateException("only an accepted delivery is acknowledged");
        }
        if (status / 100 != 2) {
            throw new IllegalArgumentException("an acknowledgement is a 2xx status, not " + status);
        }
        return new WebhookVerification(outcome, deliveryId, eventType, null, null, null, attributes, status);
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

    /**
     * Signed with the secret, but not a delivery the provider can take (a required header or field is missing, the body
     * is not what the provider sends): answered 400 with {@code reason} - the sender proved it holds the secret, so it
     * may learn what is wrong - and not stored. Use it only after the signature matched; before that, {@link #rejected}
     * (401, the reason only in the log). {@code reason} must not contain the signature or secret.
     *
     * @since 1.3.0
     */
    public static WebhookVerification invalid(String reason) {
        return new WebhookVerification(Outcome.INVALID, null, null, null, null, Objects.requireNonNull(reason), Map.of());
    }

    public Outcome outcome() { return outcome; }
    public String deliveryId() { return deliveryId; }
    public String eventType() { return eventType; }
    public String handshakeContentType() { return handshakeContentType; }
    public byte[] handshakeBody() { return handshakeBody == null ? null : handshakeBody.clone(); }
    public String reason() { return reason; }
    /**
     * The status an accepted delivery is answered with, empty-bodied (see {@link #acknowledgedWithEmpty}); 0 for the
     * default answer, {@code 202 {"id": …}} (200 with {@code "duplicate": true} for a duplicate).
     *
     * @since 1.3.0
     */
    public int acknowledgementStatus() { return acknowledgementStatus; }
    /** Filter-field values of an accepted delivery; empty for other outcomes. */
    public Map<String, List<String>> attributes() { return attributes; }
}
