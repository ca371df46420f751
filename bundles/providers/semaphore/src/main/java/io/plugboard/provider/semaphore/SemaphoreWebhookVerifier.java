package io.plugboard.provider.semaphore;

import java.io.IOException;

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
 */
@Component(service = WebhookVerifier.class, property = Provider.PROVIDER_PROPERTY + "=" + SemaphoreProvider.ID)
public class SemaphoreWebhookVerifier extends FailClosedWebhookVerifier {

    public SemaphoreWebhookVerifier() {
        super("Semaphore delivery");
    }

    static final String SIGNATURE_HEADER = "X-Semaphore-Signature-256";
    static final String EVENT_TYPE = "pipeline_done";

    /** Thread-safe once configured; used only to read trees. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

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
        byte[] body = request.body();
        if (!WebhookSignatures.matches(WebhookSignatures.hmacSha256(secret, body), presented)) {
            return WebhookVerification.rejected(SIGNATURE_HEADER + " does not match the body");
        }

        JsonNode payload;
        try {
            payload = JSON.readTree(body);
        } catch (IOException e) {
            return WebhookVerification.rejected("the Semaphore notification is not JSON");
        }
        if (payload == null || !payload.isObject()) {
            return WebhookVerification.rejected("the Semaphore notification is not a JSON object");
        }
        JsonNode pipeline = payload.path("pipeline");
        String workflowId = id(payload.path("workflow").path("id"));
        String pipelineId = id(pipeline.path("id"));
        String result = id(pipeline.path("result"));
        if (workflowId == null || pipelineId == null || result == null) {
            return WebhookVerification.rejected("the Semaphore notification lacks workflow.id, pipeline.id or pipeline.result");
        }
        WebhookAttributes attributes = WebhookAttributes.empty()
                .with("project", text(payload.path("project").path("name")))
                .with("branch", text(payload.path("revision").path("branch").path("name")))
                .with("pipeline", text(pipeline.path("name")));
        return WebhookVerification.accepted(workflowId + "/" + pipelineId + "/" + result, EVENT_TYPE, attributes.toMap());
    }

    /** A non-blank string (or integer) value, stripped; {@code null} otherwise. */
    private static String id(JsonNode node) {
        String value = node.isTextual() ? node.textValue() : node.isIntegralNumber() ? node.asText() : null;
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** A string value as it is, or {@code null} for any other node. */
    private static String text(JsonNode node) {
        return node.isTextual() ? node.textValue() : null;
    }
}
