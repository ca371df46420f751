package io.plugboard.provider.semaphore.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;

import io.plugboard.api.provider.Provider;
import io.plugboard.api.provider.WebhookAttributes;
import io.plugboard.api.provider.WebhookRequest;
import io.plugboard.api.provider.WebhookSignatures;
import io.plugboard.api.provider.WebhookVerification;
import io.plugboard.api.provider.FailClosedWebhookVerifier;
import io.plugboard.api.provider.WebhookVerifier;
import io.plugboard.provider.support.json.JsonFields;
import org.osgi.service.component.annotations.Component;

/**
 * Verifies Semaphore notifications: {@code X-Semaphore-Signature-256: <hex HMAC-SHA256 of the raw body>} (no prefix)
 * under the integration's webhook secret. Every notification is event type {@code pipeline_done}.
 *
 * <p>Delivery id: Semaphore sends no delivery id header, and a notification is sent when a pipeline finishes, which
 * happens once per pipeline run; so the pipeline's ids plus its result identify the event:
 * {@code <workflow.id>/<pipeline.id>/<pipeline.result>} (a redelivery of the same notification gets the same id and is
 * stored once). A notification without any of the three is rejected.
 *
 * <p>Filter attributes: {@code project} (project.name), {@code branch} (revision.branch.name), {@code pipeline}
 * (pipeline.name). Fails closed; stateless.
 *
 * <p>The body is read as a stream (the signature, then the few fields of a verified body): a large notification is
 * never held in memory.
 */
@Component(service = WebhookVerifier.class, property = Provider.PROVIDER_PROPERTY + "=" + SemaphoreProvider.ID)
public class SemaphoreWebhookVerifier extends FailClosedWebhookVerifier {

    public SemaphoreWebhookVerifier() {
        super("Semaphore delivery");
    }

    static final String SIGNATURE_HEADER = "X-Semaphore-Signature-256";
    static final String EVENT_TYPE = "pipeline_done";

    private static final String WORKFLOW_ID = "/workflow/id";
    private static final String PIPELINE_ID = "/pipeline/id";
    private static final String RESULT = "/pipeline/result";
    private static final String PROJECT = "/project/name";
    private static final String BRANCH = "/revision/branch/name";
    private static final String PIPELINE = "/pipeline/name";
    /** The payload's fields the delivery id and attributes are made of. */
    private static final Set<String> FIELDS = Set.of(WORKFLOW_ID, PIPELINE_ID, RESULT, PROJECT, BRANCH, PIPELINE);

    private static final String NOT_JSON = "the Semaphore notification is not JSON";
    private static final String NOT_AN_OBJECT = "the Semaphore notification is not a JSON object";

    @Override
    protected WebhookVerification check(WebhookRequest request, byte[] secret) {
        String signatureHeader = request.header(SIGNATURE_HEADER);
        if (signatureHeader == null) {
            return WebhookVerification.rejected("missing header " + SIGNATURE_HEADER);
        }
        byte[] presented = WebhookSignatures.parseHex(signatureHeader.strip());
        if (presented == null) {
            return WebhookVerification.rejected(SIGNATURE_HEADER + " is not 64 hex digits");
        }
        try {
            byte[] expected = WebhookSignatures.hmacSha256(secret, new byte[0], request);
            if (!WebhookSignatures.matches(expected, presented)) {
                return WebhookVerification.rejected(SIGNATURE_HEADER + " does not match the body");
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
        String workflowId = id(payload.get(WORKFLOW_ID));
        String pipelineId = id(payload.get(PIPELINE_ID));
        String result = id(payload.get(RESULT));
        if (workflowId == null || pipelineId == null || result == null) {
            return WebhookVerification.invalid("the Semaphore notification lacks workflow.id, pipeline.id or pipeline.result");
        }
        WebhookAttributes attributes = WebhookAttributes.empty()
                .with("project", payload.get(PROJECT))
                .with("branch", payload.get(BRANCH))
                .with("pipeline", payload.get(PIPELINE));
        return WebhookVerification.accepted(workflowId + "/" + pipelineId + "/" + result, EVENT_TYPE, attributes.toMap());
    }

    /** A non-blank value (a string or a number, as JsonFields gives them), stripped; {@code null} otherwise. */
    private static String id(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
