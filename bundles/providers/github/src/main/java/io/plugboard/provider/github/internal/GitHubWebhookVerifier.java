package io.plugboard.provider.github.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

import io.plugboard.api.provider.Provider;
import io.plugboard.api.provider.WebhookAttributes;
import io.plugboard.api.provider.WebhookForms;
import io.plugboard.api.provider.WebhookRequest;
import io.plugboard.api.provider.WebhookSignatures;
import io.plugboard.api.provider.WebhookVerification;
import io.plugboard.api.provider.FailClosedWebhookVerifier;
import io.plugboard.api.provider.WebhookVerifier;
import io.plugboard.provider.support.json.JsonFields;
import org.osgi.service.component.annotations.Component;

/**
 * Verifies GitHub webhook deliveries: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>} under the
 * integration's webhook secret. Delivery id {@code X-GitHub-Delivery}, event type {@code X-GitHub-Event} ({@code ping}
 * included). Filter attributes: {@code event}; {@code repository} (full name and name), {@code organization} (the organization's
 * login, else the repository owner's) and {@code branch} from the
 * payload when it is JSON (or a form-encoded {@code payload=} parameter). Fails closed; stateless.
 *
 * <p>The body is read as a stream, twice (the signature, then the few fields of a verified body): a large delivery is
 * never held in memory — except a form-encoded one (rare, and small), whose {@code payload} parameter is decoded in
 * memory.
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
    private static final String FORM_PAYLOAD = "payload";
    /** GitHub's form-encoded deliveries are as large as its JSON ones: GitHub caps both at 25 MB. */
    private static final int FORM_MAX_BYTES = 32 << 20;

    private static final String FULL_NAME = "/repository/full_name";
    private static final String NAME = "/repository/name";
    private static final String REF = "/ref";
    private static final String REF_TYPE = "/ref_type";
    private static final String PULL_REQUEST_BASE = "/pull_request/base/ref";
    private static final String WORKFLOW_RUN_BRANCH = "/workflow_run/head_branch";
    private static final String CHECK_SUITE_BRANCH = "/check_suite/head_branch";
    private static final String ORGANIZATION = "/organization/login";
    private static final String OWNER = "/repository/owner/login";
    /** The payload's fields the attributes are made of. */
    private static final Set<String> FIELDS = Set.of(FULL_NAME, NAME, REF, REF_TYPE, PULL_REQUEST_BASE,
            WORKFLOW_RUN_BRANCH, CHECK_SUITE_BRANCH, ORGANIZATION, OWNER);

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
        try {
            byte[] expected = WebhookSignatures.hmacSha256(secret, new byte[0], request);
            if (!WebhookSignatures.matches(expected, presented)) {
                return WebhookVerification.rejected(SIGNATURE_HEADER + " does not match the body");
            }
            // signed: what is missing now may be told to the sender
            String deliveryId = nonBlank(request.header(DELIVERY_HEADER));
            if (deliveryId == null) {
                return WebhookVerification.invalid("missing header " + DELIVERY_HEADER);
            }
            String event = nonBlank(request.header(EVENT_HEADER));
            if (event == null) {
                return WebhookVerification.invalid("missing header " + EVENT_HEADER);
            }

            WebhookAttributes attributes = WebhookAttributes.empty().with("event", event);
            Map<String, String> payload = payload(request);
            attributes = attributes.with("repository", payload.get(FULL_NAME)).with("repository", payload.get(NAME))
                    .with("organization", payload.get(ORGANIZATION) != null ? payload.get(ORGANIZATION) : payload.get(OWNER));
            String ref = payload.get(REF);
            if (ref != null && ref.startsWith(BRANCH_REF_PREFIX)) {
                attributes = attributes.with("branch", ref.substring(BRANCH_REF_PREFIX.length()));
            } else if (ref != null && "branch".equals(payload.get(REF_TYPE))) {
                attributes = attributes.with("branch", ref); // create/delete events name the branch without refs/heads/
            }
            attributes = attributes.with("branch", payload.get(PULL_REQUEST_BASE))
                    .with("branch", payload.get(WORKFLOW_RUN_BRANCH))
                    .with("branch", payload.get(CHECK_SUITE_BRANCH));
            return WebhookVerification.accepted(deliveryId, event, attributes.toMap());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The attribute fields of the verified body ({@link #FIELDS}), empty when it is no JSON object: GitHub sends JSON,
     * read as a stream, or with the form content type the JSON in a {@code payload} parameter, read in memory. A body
     * that is not JSON is still a valid delivery, just without repository or branch attributes.
     */
    static Map<String, String> payload(WebhookRequest request) throws IOException {
        if (WebhookForms.isForm(request)) {
            String form = WebhookForms.read(request, Set.of(FORM_PAYLOAD), FORM_MAX_BYTES).map(f -> f.get(FORM_PAYLOAD)).orElse(null);
            return form == null ? Map.of() // no payload parameter, a malformed %-escape, or too large
                    : JsonFields.read(new ByteArrayInputStream(form.getBytes(StandardCharsets.UTF_8)), FIELDS);
        }
        return JsonFields.read(request, FIELDS);
    }

    private static String nonBlank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
