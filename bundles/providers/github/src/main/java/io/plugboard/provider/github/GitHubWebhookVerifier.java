package io.plugboard.provider.github;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plugboard.api.provider.Provider;
import io.plugboard.api.provider.WebhookAttributes;
import io.plugboard.api.provider.WebhookRequest;
import io.plugboard.api.provider.WebhookSignatures;
import io.plugboard.api.provider.WebhookVerification;
import io.plugboard.api.provider.FailClosedWebhookVerifier;
import io.plugboard.api.provider.WebhookVerifier;
import org.osgi.service.component.annotations.Component;

/**
 * Verifies GitHub webhook deliveries: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>} under the
 * integration's webhook secret. Delivery id {@code X-GitHub-Delivery}, event type {@code X-GitHub-Event} ({@code ping}
 * included). Filter attributes: {@code event}; {@code repository} (full name and name) and {@code branch} from the
 * payload when it is JSON (or a form-encoded {@code payload=} parameter). Fails closed; stateless.
 */
@Component(service = WebhookVerifier.class, property = Provider.PROVIDER_PROPERTY + "=" + GitHubProvider.ID)
public class GitHubWebhookVerifier extends FailClosedWebhookVerifier {

    public GitHubWebhookVerifier() {
        super("GitHub delivery");
    }

    static final String SIGNATURE_HEADER = "X-Hub-Signature-256";
    static final String DELIVERY_HEADER = "X-GitHub-Delivery";
    static final String EVENT_HEADER = "X-GitHub-Event";

    private static final String SIGNATURE_PREFIX = "sha256=";
    private static final String BRANCH_REF_PREFIX = "refs/heads/";
    private static final String FORM_CONTENT_TYPE = "application/x-www-form-urlencoded";

    /** Thread-safe once configured; used only to read trees. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @Override
    protected WebhookVerification check(WebhookRequest request, byte[] secret) {
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
        String deliveryId = nonBlank(request.header(DELIVERY_HEADER));
        if (deliveryId == null) {
            return WebhookVerification.rejected("missing header " + DELIVERY_HEADER);
        }
        String event = nonBlank(request.header(EVENT_HEADER));
        if (event == null) {
            return WebhookVerification.rejected("missing header " + EVENT_HEADER);
        }
        byte[] body = request.body();
        if (!WebhookSignatures.matches(WebhookSignatures.hmacSha256(secret, body), presented)) {
            return WebhookVerification.rejected(SIGNATURE_HEADER + " does not match the body");
        }

        WebhookAttributes attributes = WebhookAttributes.empty().with("event", event);
        JsonNode payload = payload(body, request.header("Content-Type"));
        if (payload != null) {
            JsonNode repository = payload.path("repository");
            attributes = attributes.with("repository", text(repository.path("full_name")))
                    .with("repository", text(repository.path("name")));
            String ref = text(payload.path("ref"));
            if (ref != null && ref.startsWith(BRANCH_REF_PREFIX)) {
                attributes = attributes.with("branch", ref.substring(BRANCH_REF_PREFIX.length()));
            } else if (ref != null && "branch".equals(text(payload.path("ref_type")))) {
                attributes = attributes.with("branch", ref); // create/delete events name the branch without refs/heads/
            }
            attributes = attributes.with("branch", text(payload.path("pull_request").path("base").path("ref")))
                    .with("branch", text(payload.path("workflow_run").path("head_branch")))
                    .with("branch", text(payload.path("check_suite").path("head_branch")));
        }
        return WebhookVerification.accepted(deliveryId, event, attributes.toMap());
    }

    /**
     * The verified body as a JSON object, or {@code null} when it is none: GitHub sends JSON, or with the form content
     * type the JSON in a {@code payload} parameter. A body that is not JSON is still a valid delivery, just without
     * repository or branch attributes.
     */
    static JsonNode payload(byte[] body, String contentType) {
        try {
            if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(FORM_CONTENT_TYPE)) {
                String form = formParameter(new String(body, StandardCharsets.UTF_8), "payload");
                return form == null ? null : object(JSON.readTree(form));
            }
            return object(JSON.readTree(body));
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String formParameter(String form, String name) {
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static JsonNode object(JsonNode node) {
        return node != null && node.isObject() ? node : null;
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.textValue() : null;
    }

    private static String nonBlank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
