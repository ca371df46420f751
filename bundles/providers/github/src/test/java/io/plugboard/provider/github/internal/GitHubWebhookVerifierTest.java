package io.plugboard.provider.github.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.plugboard.api.provider.LargeWebhookBody;
import io.plugboard.api.provider.WebhookBody;
import io.plugboard.api.provider.WebhookRequest;
import io.plugboard.api.provider.WebhookSignatures;
import io.plugboard.api.provider.WebhookVerification;
import io.plugboard.api.provider.WebhookVerification.Outcome;
import org.junit.Test;

public class GitHubWebhookVerifierTest {

    // GitHub's documented test vector ("Validating webhook deliveries")
    private static final String DOC_SECRET = "It's a Secret to Everybody";
    private static final String DOC_BODY = "Hello, World!";
    private static final String DOC_SIGNATURE = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    private static final String SECRET = "s3cr3t-webhook-key";
    private static final String DELIVERY = "72d3162e-cc78-11e3-81ab-4c9367dc0958";
    private static final String PUSH = "{\"ref\":\"refs/heads/main\",\"repository\":{\"name\":\"hello\",\"full_name\":\"octo/hello\","
            + "\"owner\":{\"login\":\"octo\"}}}";

    private final GitHubWebhookVerifier verifier = new GitHubWebhookVerifier();

    @Test
    public void acceptsGitHubsDocumentedTestVector() {
        WebhookVerification v = verify(DOC_SECRET, DOC_BODY, "X-Hub-Signature-256", DOC_SIGNATURE,
                "X-GitHub-Delivery", DELIVERY, "X-GitHub-Event", "push");
        assertEquals(v.reason(), Outcome.ACCEPTED, v.outcome());
        assertEquals(DELIVERY, v.deliveryId());
        assertEquals("push", v.eventType());
        assertEquals("not JSON: only the event", Map.of("event", List.of("push")), v.attributes());
    }

    @Test
    public void acceptsASignedPushWithRepositoryAndBranch() {
        WebhookVerification v = verify(SECRET, PUSH, signedHeaders(SECRET, PUSH, "push"));
        assertEquals(v.reason(), Outcome.ACCEPTED, v.outcome());
        assertEquals(DELIVERY, v.deliveryId());
        assertEquals("push", v.eventType());
        assertEquals(List.of("event", "repository", "organization", "branch"), List.copyOf(v.attributes().keySet()));
        assertEquals(List.of("push"), v.attributes().get("event"));
        assertEquals(List.of("octo/hello", "hello"), v.attributes().get("repository"));
        assertEquals(List.of("octo"), v.attributes().get("organization"));
        assertEquals(List.of("main"), v.attributes().get("branch"));
    }

    @Test
    public void headerNamesAreCaseInsensitive() {
        String sig = "sha256=" + hex(hmac(SECRET, PUSH));
        WebhookVerification v = verify(SECRET, PUSH, "x-hub-signature-256", sig, "x-github-delivery", DELIVERY,
                "x-github-event", "push");
        assertEquals(v.reason(), Outcome.ACCEPTED, v.outcome());
    }

    @Test
    public void acceptsPingLikeAnyOtherEvent() {
        String body = "{\"zen\":\"Keep it logically awesome.\",\"hook_id\":1,\"repository\":{\"name\":\"hello\",\"full_name\":\"octo/hello\"}}";
        WebhookVerification v = verify(SECRET, body, signedHeaders(SECRET, body, "ping"));
        assertEquals(v.reason(), Outcome.ACCEPTED, v.outcome());
        assertEquals("ping", v.eventType());
        assertEquals(List.of("ping"), v.attributes().get("event"));
        assertEquals(List.of("octo/hello", "hello"), v.attributes().get("repository"));
        assertFalse(v.attributes().containsKey("branch"));
    }

    @Test
    public void pullRequestBranchIsTheBaseRef() {
        String body = "{\"action\":\"opened\",\"pull_request\":{\"base\":{\"ref\":\"main\"},\"head\":{\"ref\":\"feature\"}},"
                + "\"repository\":{\"name\":\"hello\",\"full_name\":\"octo/hello\"}}";
        WebhookVerification v = verify(SECRET, body, signedHeaders(SECRET, body, "pull_request"));
        assertEquals(v.reason(), Outcome.ACCEPTED, v.outcome());
        assertEquals(List.of("main"), v.attributes().get("branch"));
    }

    @Test
    public void tagPushHasNoBranch() {
        String body = "{\"ref\":\"refs/tags/v1.0\",\"repository\":{\"name\":\"hello\",\"full_name\":\"octo/hello\"}}";
        WebhookVerification v = verify(SECRET, body, signedHeaders(SECRET, body, "push"));
        assertEquals(v.reason(), Outcome.ACCEPTED, v.outcome());
        assertFalse(v.attributes().containsKey("branch"));
    }

    @Test
    public void readsTheFormEncodedPayload() {
        String body = "payload=" + URLEncoder.encode(PUSH, StandardCharsets.UTF_8);
        String[] headers = concat(signedHeaders(SECRET, body, "push"), "Content-Type", "application/x-www-form-urlencoded");
        WebhookVerification v = verify(SECRET, body, headers);
        assertEquals(v.reason(), Outcome.ACCEPTED, v.outcome());
        assertEquals(List.of("octo/hello", "hello"), v.attributes().get("repository"));
        assertEquals(List.of("main"), v.attributes().get("branch"));
    }

    @Test
    public void rejectsATamperedBody() {
        String[] headers = signedHeaders(SECRET, PUSH, "push");
        assertRejected(verify(SECRET, PUSH.replace("main", "evil"), headers), SECRET, headers[1]);
        assertRejected(verify(DOC_SECRET, "Hello, World?", "X-Hub-Signature-256", DOC_SIGNATURE,
                "X-GitHub-Delivery", DELIVERY, "X-GitHub-Event", "push"), DOC_SECRET, DOC_SIGNATURE);
    }

    @Test
    public void rejectsTheWrongSecret() {
        String[] headers = signedHeaders("another-secret", PUSH, "push");
        assertRejected(verify(SECRET, PUSH, headers), SECRET, "another-secret", headers[1]);
    }

    @Test
    public void rejectsAMissingOrEmptySecret() {
        String[] headers = signedHeaders(SECRET, PUSH, "push");
        assertEquals(Outcome.REJECTED, verifier.verify(request(PUSH, headers), new byte[0]).outcome());
        assertEquals(Outcome.REJECTED, verifier.verify(request(PUSH, headers), null).outcome());
    }

    @Test
    public void withoutTheSignatureRejectedASignedDeliveryWithoutItsHeadersInvalid() {
        String sig = "sha256=" + hex(hmac(SECRET, PUSH));
        assertRejected(verify(SECRET, PUSH, "X-GitHub-Delivery", DELIVERY, "X-GitHub-Event", "push"), SECRET, sig);
        assertInvalid(verify(SECRET, PUSH, "X-Hub-Signature-256", sig, "X-GitHub-Event", "push"), SECRET, sig);
        assertInvalid(verify(SECRET, PUSH, "X-Hub-Signature-256", sig, "X-GitHub-Delivery", DELIVERY), SECRET, sig);
        WebhookVerification blank = verify(SECRET, PUSH, "X-Hub-Signature-256", sig, "X-GitHub-Delivery", " ",
                "X-GitHub-Event", "push");
        assertInvalid(blank, SECRET, sig);
        assertEquals("missing header X-GitHub-Delivery", blank.reason());
        WebhookVerification unsigned = verify(SECRET, PUSH, "X-Hub-Signature-256", "sha256=" + hex(hmac("not-the-secret", PUSH)));
        assertRejected(unsigned, SECRET, sig);
        assertFalse("missing headers are not told to a sender whose signature does not match: " + unsigned.reason(),
                unsigned.reason().contains("X-GitHub-Delivery"));
    }

    @Test
    public void rejectsTheLegacySha1SignatureAlone() {
        WebhookVerification v = verify(SECRET, PUSH, "X-Hub-Signature", "sha1=0123456789abcdef0123456789abcdef01234567",
                "X-GitHub-Delivery", DELIVERY, "X-GitHub-Event", "push");
        assertRejected(v, SECRET);
    }

    @Test
    public void rejectsMalformedSignatureHeaders() {
        String hex = hex(hmac(SECRET, PUSH));
        for (String bad : List.of(hex, "sha1=" + hex, "SHA256=" + hex, "sha256=" + hex.substring(2),
                "sha256=" + hex + "00", "sha256=" + hex.substring(1) + "g", "sha256=", "sha256= " + hex, "")) {
            WebhookVerification v = verify(SECRET, PUSH, "X-Hub-Signature-256", bad, "X-GitHub-Delivery", DELIVERY,
                    "X-GitHub-Event", "push");
            assertRejected(v, SECRET, hex);
        }
    }

    @Test
    public void aLargeBodyIsReadAsAStream() throws Exception {
        AtomicInteger opens = new AtomicInteger();
        WebhookBody body = LargeWebhookBody.of("{\"ref\":\"refs/heads/main\",\"head_commit\":{\"message\":\"",
                "\"},\"repository\":{\"name\":\"hello\",\"full_name\":\"octo/hello\"}}", opens);
        byte[] key = SECRET.getBytes(StandardCharsets.UTF_8);
        String signature;
        try (InputStream in = body.open()) {
            signature = "sha256=" + hex(WebhookSignatures.hmacSha256(key, new byte[0], in));
        }
        WebhookRequest request = new WebhookRequest(Map.of("X-Hub-Signature-256", List.of(signature),
                "X-GitHub-Delivery", List.of(DELIVERY), "X-GitHub-Event", List.of("push")), body, Instant.now());
        opens.set(0);
        LargeWebhookBody.Measured measured = LargeWebhookBody.verifyMeasured(verifier, request, key);
        WebhookVerification v = measured.verification();
        long allocated = measured.allocatedBytes();
        assertEquals(v.reason(), Outcome.ACCEPTED, v.outcome());
        assertEquals(DELIVERY, v.deliveryId());
        assertEquals(Map.of("event", List.of("push"), "repository", List.of("octo/hello", "hello"), "branch", List.of("main")),
                v.attributes());
        assertEquals("streamed twice: signature, then fields", 2, opens.get());
        assertTrue("the body was not held in memory: " + allocated + " bytes allocated", allocated < 8 << 20);
    }



    private WebhookVerification verify(String secret, String body, String... headers) {
        return verifier.verify(request(body, headers), secret.getBytes(StandardCharsets.UTF_8));
    }

    private static String[] signedHeaders(String secret, String body, String event) {
        return new String[] {"X-Hub-Signature-256", "sha256=" + hex(hmac(secret, body)),
            "X-GitHub-Delivery", DELIVERY, "X-GitHub-Event", event};
    }

    private static WebhookRequest request(String body, String... headers) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            map.put(headers[i], List.of(headers[i + 1]));
        }
        return new WebhookRequest(map, body.getBytes(StandardCharsets.UTF_8), Instant.now());
    }

    /** Computed here with the JDK directly, independently of the verifier's code. */
    private static byte[] hmac(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** Rejected, and the reason quotes none of the given secrets or signatures (nor their hex part). */
    private static void assertRejected(WebhookVerification v, String... secrets) {
        assertRefused(Outcome.REJECTED, v, secrets);
    }

    /** Signed, but not a delivery the provider takes: told to the sender, and quoting no secret either. */
    private static void assertInvalid(WebhookVerification v, String... secrets) {
        assertRefused(Outcome.INVALID, v, secrets);
    }

    private static void assertRefused(Outcome outcome, WebhookVerification v, String... secrets) {
        assertEquals(v.reason(), outcome, v.outcome());
        assertTrue(v.reason() != null && !v.reason().isBlank());
        for (String s : secrets) {
            if (s.length() > 8) {
                String hexPart = s.startsWith("sha256=") ? s.substring(7) : s;
                assertFalse(v.reason(), v.reason().contains(s) || v.reason().contains(hexPart));
            }
        }
        assertTrue(v.attributes().isEmpty());
    }
}
