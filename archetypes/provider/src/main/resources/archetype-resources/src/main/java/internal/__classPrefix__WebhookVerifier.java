package ${package}.internal;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.plugboard.api.provider.FailClosedWebhookVerifier;
import io.plugboard.api.provider.Provider;
import io.plugboard.api.provider.WebhookAttributes;
import io.plugboard.api.provider.WebhookRequest;
import io.plugboard.api.provider.WebhookSignatures;
import io.plugboard.api.provider.WebhookVerification;
import io.plugboard.api.provider.WebhookVerifier;
import org.osgi.service.component.annotations.Component;

/**
 * Verifies ${name} webhooks: {@value #SIGNATURE_HEADER}{@code : sha256=<hex HMAC-SHA256 of the raw body>} under the
 * integration's webhook secret, compared in constant time. The delivery id is {@value #DELIVERY_HEADER} (a redelivery
 * keeps it, so it is stored once), the event type {@value #EVENT_HEADER}.
 *
 * <p>TODO: ${name}'s real header names and signature scheme (a timestamp in the signed message, see the Slack and
 * Standard Webhooks providers); more attributes from the body with {@code JsonFields.read(request, pointers)}, read
 * only after the signature matched. Fails closed: an empty secret, a missing or malformed header, a wrong signature
 * and any exception are rejected (401) with a reason that quotes neither the secret nor the signature.
 */
@Component(service = WebhookVerifier.class, property = Provider.PROVIDER_PROPERTY + "=" + ${classPrefix}Provider.ID)
public class ${classPrefix}WebhookVerifier extends FailClosedWebhookVerifier {

    static final String SIGNATURE_HEADER = "X-${classPrefix}-Signature-256";
    static final String DELIVERY_HEADER = "X-${classPrefix}-Delivery";
    static final String EVENT_HEADER = "X-${classPrefix}-Event";
    private static final String SIGNATURE_PREFIX = "sha256=";

    public ${classPrefix}WebhookVerifier() {
        super("${name} delivery");
    }

    @Override
    protected WebhookVerification check(WebhookRequest request, byte[] secret) {
        String signature = request.header(SIGNATURE_HEADER);
        if (signature == null || !signature.strip().startsWith(SIGNATURE_PREFIX)) {
            return WebhookVerification.rejected("missing header " + SIGNATURE_HEADER + ": " + SIGNATURE_PREFIX + "<hex>");
        }
        byte[] presented = WebhookSignatures.parseHex(signature.strip().substring(SIGNATURE_PREFIX.length()));
        if (presented == null) {
            return WebhookVerification.rejected(SIGNATURE_HEADER + " is not " + SIGNATURE_PREFIX + "<64 hex digits>");
        }
        byte[] expected;
        try {
            // the body is streamed: a delivery may be 25 MB and waits on disk
            expected = WebhookSignatures.hmacSha256(secret, new byte[0], request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!WebhookSignatures.matches(expected, presented)) {
            return WebhookVerification.rejected(SIGNATURE_HEADER + " does not match the body");
        }
        // signed: from here on, what is missing may be told to the sender (400)
        String delivery = nonBlank(request.header(DELIVERY_HEADER));
        if (delivery == null) {
            return WebhookVerification.invalid("missing header " + DELIVERY_HEADER);
        }
        String event = nonBlank(request.header(EVENT_HEADER));
        if (event == null) {
            return WebhookVerification.invalid("missing header " + EVENT_HEADER);
        }
        return WebhookVerification.accepted(delivery, event, WebhookAttributes.empty().with("event", event).toMap());
    }

    private static String nonBlank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
