package io.plugboard.provider.gitlab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plugboard.api.provider.Provider;
import io.plugboard.api.provider.WebhookAttributes;
import io.plugboard.api.provider.WebhookRequest;
import io.plugboard.api.provider.WebhookVerification;
import io.plugboard.api.provider.FailClosedWebhookVerifier;
import io.plugboard.api.provider.WebhookVerifier;
import org.osgi.service.component.annotations.Component;

/**
 * Verifies GitLab webhook deliveries: GitLab does not sign the body, it sends the webhook's secret token as
 * {@code X-Gitlab-Token}, which must equal the integration's webhook secret (compared in constant time).
 *
 * <p>Delivery id: {@code Idempotency-Key} (the same on GitLab's retries), else {@code X-Gitlab-Event-UUID}; a delivery
 * with neither is rejected. Event type: {@code X-Gitlab-Event} (e.g. {@code Push Hook}). Filter attributes:
 * {@code event}; {@code project} (project.path_with_namespace and project.name) and {@code branch} from the JSON body.
 * Fails closed; stateless.
 */
@Component(service = WebhookVerifier.class, property = Provider.PROVIDER_PROPERTY + "=" + GitLabProvider.ID)
public class GitLabWebhookVerifier extends FailClosedWebhookVerifier {

    public GitLabWebhookVerifier() {
        super("GitLab delivery");
    }

    static final String TOKEN_HEADER = "X-Gitlab-Token";
    static final String EVENT_HEADER = "X-Gitlab-Event";
    static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    static final String EVENT_UUID_HEADER = "X-Gitlab-Event-UUID";

    private static final String BRANCH_REF_PREFIX = "refs/heads/";

    /** Thread-safe once configured; used only to read trees. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @Override
    protected WebhookVerification check(WebhookRequest request, byte[] secret) {
        String token = request.header(TOKEN_HEADER);
        if (token == null) {
            return WebhookVerification.rejected("missing header " + TOKEN_HEADER);
        }
        if (!tokenMatches(token.getBytes(StandardCharsets.UTF_8), secret)) {
            return WebhookVerification.rejected(TOKEN_HEADER + " does not match the webhook secret");
        }
        String event = nonBlank(request.header(EVENT_HEADER));
        if (event == null) {
            return WebhookVerification.rejected("missing header " + EVENT_HEADER);
        }
        String deliveryId = nonBlank(request.header(IDEMPOTENCY_HEADER));
        if (deliveryId == null) {
            deliveryId = nonBlank(request.header(EVENT_UUID_HEADER));
        }
        if (deliveryId == null) {
            return WebhookVerification.rejected("missing headers " + IDEMPOTENCY_HEADER + " and " + EVENT_UUID_HEADER);
        }

        WebhookAttributes attributes = WebhookAttributes.empty().with("event", event);
        JsonNode payload = payload(request.body());
        if (payload != null) {
            JsonNode project = payload.path("project");
            attributes = withBranches(attributes
                    .with("project", text(project.path("path_with_namespace")))
                    .with("project", text(project.path("name"))), payload);
        }
        return WebhookVerification.accepted(deliveryId, event, attributes.toMap());
    }

    /**
     * Compares SHA-256 digests of both values with {@link MessageDigest#isEqual}: constant time, and without revealing
     * the secret's length through an early exit on a length mismatch.
     */
    static boolean tokenMatches(byte[] presented, byte[] secret) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] a = sha256.digest(presented);
            byte[] b = sha256.digest(secret);
            return MessageDigest.isEqual(a, b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /**
     * The branch an event is about: push events' {@code ref} ({@code refs/heads/<branch>}); merge requests' target
     * branch; pipelines' {@code object_attributes.ref} and jobs' {@code ref} unless they run for a tag.
     */
    private static WebhookAttributes withBranches(WebhookAttributes attributes, JsonNode payload) {
        String ref = text(payload.path("ref"));
        if (ref != null && ref.startsWith(BRANCH_REF_PREFIX)) {
            attributes = attributes.with("branch", ref.substring(BRANCH_REF_PREFIX.length()));
        } else if (ref != null && !ref.startsWith("refs/") && payload.path("tag").isBoolean() && !payload.path("tag").booleanValue()) {
            attributes = attributes.with("branch", ref); // Job Hook: short ref with tag: false
        }
        JsonNode object = payload.path("object_attributes");
        attributes = attributes.with("branch", text(object.path("target_branch")));
        if (object.path("tag").isBoolean() && !object.path("tag").booleanValue()) {
            attributes = attributes.with("branch", text(object.path("ref"))); // Pipeline Hook
        }
        return attributes;
    }

    private static JsonNode payload(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.textValue() : null;
    }

    private static String nonBlank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
