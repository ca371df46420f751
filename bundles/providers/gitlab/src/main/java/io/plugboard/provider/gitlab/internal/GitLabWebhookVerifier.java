package io.plugboard.provider.gitlab.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Set;

import io.plugboard.api.provider.Provider;
import io.plugboard.api.provider.WebhookAttributes;
import io.plugboard.api.provider.WebhookRequest;
import io.plugboard.api.provider.WebhookVerification;
import io.plugboard.api.provider.FailClosedWebhookVerifier;
import io.plugboard.api.provider.WebhookVerifier;
import io.plugboard.provider.support.json.JsonFields;
import org.osgi.service.component.annotations.Component;

/**
 * Verifies GitLab webhook deliveries: GitLab does not sign the body, it sends the webhook's secret token as
 * {@code X-Gitlab-Token}, which must equal the integration's webhook secret (compared in constant time).
 *
 * <p>Delivery id: {@code Idempotency-Key} (the same on GitLab's retries), else {@code X-Gitlab-Event-UUID}; a delivery
 * with neither is rejected. Event type: {@code X-Gitlab-Event} (e.g. {@code Push Hook}). Filter attributes:
 * {@code event}; {@code project} (project.path_with_namespace and project.name) and {@code branch} from the JSON body,
 * read as a stream (a large body is never held in memory). Fails closed; stateless.
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

    private static final String PATH_WITH_NAMESPACE = "/project/path_with_namespace";
    private static final String PROJECT_NAME = "/project/name";
    private static final String REF = "/ref";
    private static final String TAG = "/tag";
    private static final String TARGET_BRANCH = "/object_attributes/target_branch";
    private static final String OBJECT_REF = "/object_attributes/ref";
    private static final String OBJECT_TAG = "/object_attributes/tag";
    /** The payload's fields the attributes are made of. */
    private static final Set<String> FIELDS = Set.of(PATH_WITH_NAMESPACE, PROJECT_NAME, REF, TAG, TARGET_BRANCH,
            OBJECT_REF, OBJECT_TAG);

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
            return WebhookVerification.invalid("missing header " + EVENT_HEADER); // the token matched: may be told
        }
        String deliveryId = nonBlank(request.header(IDEMPOTENCY_HEADER));
        if (deliveryId == null) {
            deliveryId = nonBlank(request.header(EVENT_UUID_HEADER));
        }
        if (deliveryId == null) {
            return WebhookVerification.invalid("missing headers " + IDEMPOTENCY_HEADER + " and " + EVENT_UUID_HEADER);
        }

        WebhookAttributes attributes = WebhookAttributes.empty().with("event", event);
        Map<String, String> payload; // empty when the body is not a JSON object
        try {
            payload = JsonFields.read(request, FIELDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        attributes = withBranches(attributes
                .with("project", payload.get(PATH_WITH_NAMESPACE))
                .with("project", payload.get(PROJECT_NAME)), payload);
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
    private static WebhookAttributes withBranches(WebhookAttributes attributes, Map<String, String> payload) {
        String ref = payload.get(REF);
        if (ref != null && ref.startsWith(BRANCH_REF_PREFIX)) {
            attributes = attributes.with("branch", ref.substring(BRANCH_REF_PREFIX.length()));
        } else if (ref != null && !ref.startsWith("refs/") && "false".equals(payload.get(TAG))) {
            attributes = attributes.with("branch", ref); // Job Hook: short ref with tag: false
        }
        attributes = attributes.with("branch", payload.get(TARGET_BRANCH));
        if ("false".equals(payload.get(OBJECT_TAG))) {
            attributes = attributes.with("branch", payload.get(OBJECT_REF)); // Pipeline Hook
        }
        return attributes;
    }

    private static String nonBlank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
