package io.plugboard.provider.webhook.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;

import io.plugboard.api.provider.Provider;
import io.plugboard.api.provider.WebhookAttributes;
import io.plugboard.api.provider.WebhookRequest;
import io.plugboard.api.provider.WebhookSignatures;
import io.plugboard.api.provider.WebhookTimestamps;
import io.plugboard.api.provider.WebhookVerification;
import io.plugboard.api.provider.FailClosedWebhookVerifier;
import io.plugboard.api.provider.WebhookVerifier;
import io.plugboard.provider.support.json.JsonFields;
import org.osgi.service.component.annotations.Component;

/**
 * Verifies deliveries signed as the Standard Webhooks specification says: headers {@code webhook-id},
 * {@code webhook-timestamp} (Unix seconds, at most five minutes from the time of receipt either way) and
 * {@code webhook-signature}: space-separated {@code <version>,<base64 signature>} entries, of which any {@code v1}
 * entry must be the HMAC-SHA256 of {@code "<id>.<timestamp>.<raw body>"}; other versions ({@code v1a}, …) are ignored.
 *
 * <p>Key: a secret {@code whsec_<base64>} is the base64-decoded part; a secret without that prefix is used as is (its
 * UTF-8 bytes). Delivery id: {@code webhook-id}. Event type: the JSON payload's {@code type}, else {@code webhook};
 * filter attribute {@code event}: the payload's {@code type} when it has one. Fails closed; stateless.
 *
 * <p>The body is read as a stream (the signature, then the type of a verified body): a large delivery is never held
 * in memory.
 */
@Component(service = WebhookVerifier.class, property = Provider.PROVIDER_PROPERTY + "=" + StandardWebhooksProvider.ID)
public class StandardWebhooksVerifier extends FailClosedWebhookVerifier {

    public StandardWebhooksVerifier() {
        super("webhook");
    }

    static final String ID_HEADER = "webhook-id";
    static final String TIMESTAMP_HEADER = "webhook-timestamp";
    static final String SIGNATURE_HEADER = "webhook-signature";
    static final String DEFAULT_EVENT_TYPE = "webhook";
    static final Duration TOLERANCE = Duration.ofMinutes(5);

    private static final String VERSION = "v1";
    private static final byte[] SECRET_PREFIX = "whsec_".getBytes(StandardCharsets.US_ASCII);

    private static final String TYPE = "/type";

    @Override
    protected WebhookVerification check(WebhookRequest request, byte[] secret) {
        String id = request.header(ID_HEADER);
        if (id == null || id.isBlank()) {
            return WebhookVerification.rejected("missing header " + ID_HEADER);
        }
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
        String signatures = request.header(SIGNATURE_HEADER);
        if (signatures == null || signatures.isBlank()) {
            return WebhookVerification.rejected("missing header " + SIGNATURE_HEADER);
        }
        byte[] key = key(secret);
        if (key == null) {
            return WebhookVerification.rejected("the webhook secret starts with whsec_ but the rest is not base64 of a key");
        }
        byte[] expected;
        try {
            expected = WebhookSignatures.hmacSha256(key, (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8), request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }

        boolean anyV1 = false;
        for (String entry : signatures.strip().split(" +")) {
            int comma = entry.indexOf(',');
            if (comma < 0 || !VERSION.equals(entry.substring(0, comma))) {
                continue; // another version, or not an entry at all
            }
            anyV1 = true;
            if (WebhookSignatures.matches(expected, base64(entry.substring(comma + 1)))) {
                return accepted(id, request);
            }
        }
        return WebhookVerification.rejected(anyV1
                ? "no v1 signature in " + SIGNATURE_HEADER + " matches"
                : SIGNATURE_HEADER + " has no v1,<base64> signature");
    }

    /** Accepted, with the event type the verified body names: its {@code type}, when it is a JSON object with one. */
    private static WebhookVerification accepted(String id, WebhookRequest request) {
        String type;
        try {
            type = JsonFields.read(request, Set.of(TYPE)).get(TYPE); // none when the body is not JSON: it need not be
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        WebhookAttributes attributes = WebhookAttributes.empty().with("event", type); // nothing for a null or blank type
        return WebhookVerification.accepted(id, type == null || type.isBlank() ? DEFAULT_EVENT_TYPE : type, attributes.toMap());
    }

    /** The HMAC key: the base64-decoded part of {@code whsec_<base64>}, else the secret's bytes; {@code null} when invalid. */
    static byte[] key(byte[] secret) {
        if (secret.length < SECRET_PREFIX.length
                || !Arrays.equals(secret, 0, SECRET_PREFIX.length, SECRET_PREFIX, 0, SECRET_PREFIX.length)) {
            return secret.clone();
        }
        byte[] encoded = Arrays.copyOfRange(secret, SECRET_PREFIX.length, secret.length);
        try {
            byte[] key = Base64.getDecoder().decode(encoded);
            return key.length == 0 ? null : key;
        } catch (IllegalArgumentException e) {
            return null;
        } finally {
            Arrays.fill(encoded, (byte) 0);
        }
    }

    private static byte[] base64(String value) {
        try {
            return value.isEmpty() ? null : Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
