package io.plugboard.provider.gitlab.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.plugboard.api.provider.LargeWebhookBody;
import io.plugboard.api.provider.WebhookBody;
import io.plugboard.api.provider.WebhookRequest;
import io.plugboard.api.provider.WebhookVerification;
import io.plugboard.api.provider.WebhookVerification.Outcome;
import org.junit.Test;

public class GitLabWebhookVerifierTest {

    private static final String SECRET = "gitlab-hook-token-1234";
    private static final String IDEMPOTENCY_KEY = "f5d8b1e8-7a3c-4c1e-9d51-3b0b8f0e2a11";
    private static final String EVENT_UUID = "13792a34-cac6-4fda-95a8-c58e00a3954e";

    private static final String PUSH = "{\"object_kind\":\"push\",\"event_name\":\"push\",\"ref\":\"refs/heads/main\","
            + "\"project\":{\"id\":15,\"name\":\"Diaspora\",\"path_with_namespace\":\"mike/diaspora\"},\"commits\":[]}";

    private final GitLabWebhookVerifier verifier = new GitLabWebhookVerifier();

    @Test
    public void acceptsTheRightToken() {
        WebhookVerification v = verify(SECRET, PUSH, "X-Gitlab-Token", SECRET, "X-Gitlab-Event", "Push Hook",
                "Idempotency-Key", IDEMPOTENCY_KEY, "X-Gitlab-Event-UUID", EVENT_UUID);
        assertEquals(v.reason(), Outcome.ACCEPTED, v.outcome());
        assertEquals("the idempotency key first", IDEMPOTENCY_KEY, v.deliveryId());
        assertEquals("Push Hook", v.eventType());
        assertEquals(List.of("event", "project", "branch"), List.copyOf(v.attributes().keySet()));
        assertEquals(List.of("Push Hook"), v.attributes().get("event"));
        assertEquals(List.of("mike/diaspora", "Diaspora"), v.attributes().get("project"));
        assertEquals(List.of("main"), v.attributes().get("branch"));
    }

    @Test
    public void deliveryIdFallsBackToTheEventUuid() {
        WebhookVerification v = verify(SECRET, PUSH, "x-gitlab-token", SECRET, "x-gitlab-event", "Push Hook",
                "x-gitlab-event-uuid", EVENT_UUID);
        assertEquals(v.reason(), Outcome.ACCEPTED, v.outcome());
        assertEquals(EVENT_UUID, v.deliveryId());
    }

    @Test
    public void branchesOfMergeRequestPipelineJobAndTagEvents() {
        String mr = "{\"object_kind\":\"merge_request\",\"project\":{\"name\":\"Gitlab Test\",\"path_with_namespace\":\"gitlabhq/gitlab-test\"},"
                + "\"object_attributes\":{\"iid\":1,\"source_branch\":\"ms-viewport\",\"target_branch\":\"master\"}}";
        assertEquals(List.of("master"), accepted(mr, "Merge Request Hook").attributes().get("branch"));
        String pipeline = "{\"object_kind\":\"pipeline\",\"object_attributes\":{\"id\":31,\"ref\":\"main\",\"tag\":false,\"status\":\"success\"},"
                + "\"project\":{\"name\":\"Gitlab Test\",\"path_with_namespace\":\"gitlabhq/gitlab-test\"}}";
        assertEquals(List.of("main"), accepted(pipeline, "Pipeline Hook").attributes().get("branch"));
        String tagPipeline = pipeline.replace("\"ref\":\"main\",\"tag\":false", "\"ref\":\"v1.0\",\"tag\":true");
        assertFalse(accepted(tagPipeline, "Pipeline Hook").attributes().containsKey("branch"));
        String job = "{\"object_kind\":\"build\",\"ref\":\"gitlab-script-trigger\",\"tag\":false,\"build_id\":1977}";
        assertEquals(List.of("gitlab-script-trigger"), accepted(job, "Job Hook").attributes().get("branch"));
        String tagPush = "{\"object_kind\":\"tag_push\",\"ref\":\"refs/tags/v1.0.0\",\"project\":{\"name\":\"Example\","
                + "\"path_with_namespace\":\"jsmith/example\"}}";
        assertFalse(accepted(tagPush, "Tag Push Hook").attributes().containsKey("branch"));
    }

    @Test
    public void aBodyThatIsNotJsonHasOnlyTheEventAttribute() {
        WebhookVerification v = accepted("not json", "Push Hook");
        assertEquals(Map.of("event", List.of("Push Hook")), v.attributes());
    }

    @Test
    public void rejectsTheWrongToken() {
        for (String wrong : List.of("gitlab-hook-token-1235", "gitlab-hook-token-123", SECRET + " ", " " + SECRET,
                SECRET.toUpperCase(), "x", "")) {
            WebhookVerification v = verify(SECRET, PUSH, "X-Gitlab-Token", wrong, "X-Gitlab-Event", "Push Hook",
                    "Idempotency-Key", IDEMPOTENCY_KEY);
            assertRejected(v, wrong);
        }
        assertRejected(verify("another-secret-entirely", PUSH, "X-Gitlab-Token", SECRET, "X-Gitlab-Event", "Push Hook",
                "Idempotency-Key", IDEMPOTENCY_KEY), "another-secret-entirely");
    }

    @Test
    public void tamperingWithTheBodyIsNotDetectableButTheTokenStillGuardsIt() {
        // GitLab does not sign bodies: a different body with the right token is accepted, the token is what is verified
        WebhookVerification v = verify(SECRET, PUSH.replace("main", "other"), "X-Gitlab-Token", SECRET,
                "X-Gitlab-Event", "Push Hook", "Idempotency-Key", IDEMPOTENCY_KEY);
        assertEquals(List.of("other"), v.attributes().get("branch"));
        assertRejected(verify(SECRET, PUSH.replace("main", "other"), "X-Gitlab-Token", "guess",
                "X-Gitlab-Event", "Push Hook", "Idempotency-Key", IDEMPOTENCY_KEY), "guess");
    }

    @Test
    public void rejectsAMissingOrEmptySecret() {
        WebhookRequest r = request(PUSH, "X-Gitlab-Token", "", "X-Gitlab-Event", "Push Hook", "Idempotency-Key", IDEMPOTENCY_KEY);
        assertRejected(verifier.verify(r, new byte[0]));
        assertRejected(verifier.verify(r, null));
    }

    @Test
    public void rejectsMissingHeaders() {
        assertRejected(verify(SECRET, PUSH, "X-Gitlab-Event", "Push Hook", "Idempotency-Key", IDEMPOTENCY_KEY));
        // the token matched: what else is missing is told to the sender (invalid, 400), not only logged
        assertInvalid(verify(SECRET, PUSH, "X-Gitlab-Token", SECRET, "Idempotency-Key", IDEMPOTENCY_KEY));
        assertInvalid(verify(SECRET, PUSH, "X-Gitlab-Token", SECRET, "X-Gitlab-Event", "Push Hook"));
        assertInvalid(verify(SECRET, PUSH, "X-Gitlab-Token", SECRET, "X-Gitlab-Event", "Push Hook",
                "Idempotency-Key", " ", "X-Gitlab-Event-UUID", ""));
        assertInvalid(verify(SECRET, PUSH, "X-Gitlab-Token", SECRET, "X-Gitlab-Event", " ", "Idempotency-Key", IDEMPOTENCY_KEY));
    }

    @Test
    public void theTokenIsComparedExactly() {
        assertTrue(GitLabWebhookVerifier.tokenMatches(bytes(SECRET), bytes(SECRET)));
        assertFalse(GitLabWebhookVerifier.tokenMatches(bytes(SECRET), bytes(SECRET + "x")));
        assertFalse(GitLabWebhookVerifier.tokenMatches(bytes(""), bytes(SECRET)));
        assertTrue("UTF-8", GitLabWebhookVerifier.tokenMatches(bytes("gehéim-✓"), bytes("gehéim-✓")));
    }

    @Test
    public void aLargeBodyIsReadAsAStream() {
        AtomicInteger opens = new AtomicInteger();
        WebhookBody body = LargeWebhookBody.of("{\"object_kind\":\"push\",\"commits\":[{\"message\":\"",
                "\"}],\"ref\":\"refs/heads/main\",\"project\":{\"name\":\"Diaspora\",\"path_with_namespace\":\"mike/diaspora\"}}",
                opens);
        WebhookRequest request = new WebhookRequest(Map.of("X-Gitlab-Token", List.of(SECRET),
                "X-Gitlab-Event", List.of("Push Hook"), "Idempotency-Key", List.of(IDEMPOTENCY_KEY)), body, Instant.now());
        LargeWebhookBody.Measured measured = LargeWebhookBody.verifyMeasured(verifier, request, bytes(SECRET));
        WebhookVerification v = measured.verification();
        long allocated = measured.allocatedBytes();
        assertEquals(v.reason(), Outcome.ACCEPTED, v.outcome());
        assertEquals(IDEMPOTENCY_KEY, v.deliveryId());
        assertEquals(Map.of("event", List.of("Push Hook"), "project", List.of("mike/diaspora", "Diaspora"),
                "branch", List.of("main")), v.attributes());
        assertEquals("streamed once, for the fields", 1, opens.get());
        assertTrue("the body was not held in memory: " + allocated + " bytes allocated", allocated < 8 << 20);
    }



    private WebhookVerification accepted(String body, String event) {
        WebhookVerification v = verify(SECRET, body, "X-Gitlab-Token", SECRET, "X-Gitlab-Event", event,
                "Idempotency-Key", IDEMPOTENCY_KEY);
        assertEquals(v.reason(), Outcome.ACCEPTED, v.outcome());
        assertEquals(event, v.eventType());
        return v;
    }

    private WebhookVerification verify(String secret, String body, String... headers) {
        return verifier.verify(request(body, headers), bytes(secret));
    }

    private static WebhookRequest request(String body, String... headers) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            map.put(headers[i], List.of(headers[i + 1]));
        }
        return new WebhookRequest(map, bytes(body), Instant.now());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Rejected, with a reason that quotes neither the secret nor the presented token. */
    private static void assertRejected(WebhookVerification v, String... tokens) {
        assertRefused(Outcome.REJECTED, v, tokens);
    }

    /** Signed, but not a delivery the provider takes: told to the sender, and quoting no secret either. */
    private static void assertInvalid(WebhookVerification v, String... tokens) {
        assertRefused(Outcome.INVALID, v, tokens);
    }

    private static void assertRefused(Outcome outcome, WebhookVerification v, String... tokens) {
        assertEquals(v.reason(), outcome, v.outcome());
        assertTrue(v.reason() != null && !v.reason().isBlank());
        assertFalse(v.reason(), v.reason().contains(SECRET));
        for (String t : tokens) {
            if (t.strip().length() > 3) {
                assertFalse(v.reason(), v.reason().contains(t.strip()));
            }
        }
        assertTrue(v.attributes().isEmpty());
    }
}
