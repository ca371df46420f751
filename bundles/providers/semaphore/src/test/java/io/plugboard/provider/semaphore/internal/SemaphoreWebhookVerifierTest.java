package io.plugboard.provider.semaphore.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
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

public class SemaphoreWebhookVerifierTest {

    private static final String SECRET = "semaphore-notification-secret";
    private static final String HEADER = "X-Semaphore-Signature-256";
    private static final String WORKFLOW = "d8e5a4e6-7c53-4b1b-9a0c-1f2e3d4c5b6a";
    private static final String PIPELINE = "5c2f7e7e-3d2b-4f6a-8e1d-0a9b8c7d6e5f";

    /** Shaped like Semaphore's notification payload. */
    private static final String BODY = "{\"version\":\"1.0.0\","
            + "\"organization\":{\"name\":\"acme\",\"id\":\"b4a2c1d0-0000-4000-8000-000000000001\"},"
            + "\"project\":{\"name\":\"web-app\",\"id\":\"b4a2c1d0-0000-4000-8000-000000000002\"},"
            + "\"repository\":{\"url\":\"https://github.com/acme/web-app\",\"slug\":\"acme/web-app\"},"
            + "\"revision\":{\"reference_type\":\"branch\",\"reference\":\"refs/heads/main\",\"branch\":{\"name\":\"main\","
            + "\"commit_range\":\"a...b\"},\"commit_sha\":\"0123abc\"},"
            + "\"workflow\":{\"id\":\"" + WORKFLOW + "\",\"initial_pipeline_id\":\"" + PIPELINE + "\"},"
            + "\"pipeline\":{\"id\":\"" + PIPELINE + "\",\"name\":\"Build\",\"result\":\"passed\",\"result_reason\":\"test\","
            + "\"state\":\"done\",\"yaml_file_name\":\"semaphore.yml\",\"working_directory\":\".semaphore\"},"
            + "\"blocks\":[]}";

    private final SemaphoreWebhookVerifier verifier = new SemaphoreWebhookVerifier();

    @Test
    public void acceptsASignedNotification() {
        WebhookVerification v = verify(SECRET, BODY, HEADER, hex(hmac(SECRET, BODY)));
        assertEquals(v.reason(), Outcome.ACCEPTED, v.outcome());
        assertEquals(WORKFLOW + "/" + PIPELINE + "/passed", v.deliveryId());
        assertEquals("pipeline_done", v.eventType());
        assertEquals(Map.of("project", List.of("web-app"), "branch", List.of("main"), "pipeline", List.of("Build")),
                v.attributes());
    }

    @Test
    public void acceptsUpperCaseHexAndALowerCaseHeaderName() {
        WebhookVerification v = verify(SECRET, BODY, "x-semaphore-signature-256", hex(hmac(SECRET, BODY)).toUpperCase());
        assertEquals(v.reason(), Outcome.ACCEPTED, v.outcome());
    }

    @Test
    public void theSamePipelineWithAnotherResultIsAnotherDelivery() {
        String failed = BODY.replace("\"passed\"", "\"failed\"");
        WebhookVerification v = verify(SECRET, failed, HEADER, hex(hmac(SECRET, failed)));
        assertEquals(WORKFLOW + "/" + PIPELINE + "/failed", v.deliveryId());
    }

    @Test
    public void attributesAreOnlyThoseInThePayload() {
        String body = "{\"workflow\":{\"id\":\"w1\"},\"pipeline\":{\"id\":\"p1\",\"result\":\"stopped\"}}";
        WebhookVerification v = verify(SECRET, body, HEADER, hex(hmac(SECRET, body)));
        assertEquals(v.reason(), Outcome.ACCEPTED, v.outcome());
        assertEquals("w1/p1/stopped", v.deliveryId());
        assertTrue(v.attributes().isEmpty());
    }

    @Test
    public void rejectsATamperedBody() {
        String sig = hex(hmac(SECRET, BODY));
        assertRejected(verify(SECRET, BODY.replace("\"main\"", "\"release\""), HEADER, sig), sig);
    }

    @Test
    public void rejectsTheWrongSecret() {
        String sig = hex(hmac("some-other-secret", BODY));
        assertRejected(verify(SECRET, BODY, HEADER, sig), sig, "some-other-secret");
        assertEquals(Outcome.REJECTED, verifier.verify(request(BODY, HEADER, sig), new byte[0]).outcome());
        assertEquals(Outcome.REJECTED, verifier.verify(request(BODY, HEADER, sig), null).outcome());
    }

    @Test
    public void rejectsAMissingSignatureHeader() {
        assertRejected(verify(SECRET, BODY));
        assertRejected(verify(SECRET, BODY, "X-Hub-Signature-256", "sha256=" + hex(hmac(SECRET, BODY))));
    }

    @Test
    public void rejectsMalformedSignatureHeaders() {
        String sig = hex(hmac(SECRET, BODY));
        for (String bad : List.of("sha256=" + sig, "v0=" + sig, sig.substring(2), sig + "ab", sig.substring(1) + "z", "",
                "  ", java.util.Base64.getEncoder().encodeToString(hmac(SECRET, BODY)))) {
            assertRejected(verify(SECRET, BODY, HEADER, bad), sig);
        }
    }

    @Test
    public void signedNotificationsWithoutIdsAreInvalid() {
        for (String body : List.of(
                BODY.replace("\"workflow\":{\"id\":\"" + WORKFLOW + "\",", "\"workflow\":{"),
                BODY.replace("\"pipeline\":{\"id\":\"" + PIPELINE + "\",", "\"pipeline\":{"),
                BODY.replace("\"result\":\"passed\",", ""),
                BODY.replace("\"result\":\"passed\",", "\"result\":\"\","),
                "{}", "[]", "not json", "")) {
            String sig = hex(hmac(SECRET, body));
            assertInvalid(verify(SECRET, body, HEADER, sig), sig);
        }
    }

    @Test
    public void aLargeBodyIsReadAsAStream() throws Exception {
        AtomicInteger opens = new AtomicInteger();
        WebhookBody body = LargeWebhookBody.of("{\"version\":\"1.0.0\",\"blocks\":[{\"name\":\"",
                "\"}],\"project\":{\"name\":\"web-app\"},\"revision\":{\"branch\":{\"name\":\"main\"}},"
                + "\"workflow\":{\"id\":\"" + WORKFLOW + "\"},\"pipeline\":{\"id\":\"" + PIPELINE + "\",\"name\":\"Build\","
                + "\"result\":\"passed\"}}", opens);
        byte[] key = SECRET.getBytes(StandardCharsets.UTF_8);
        String signature;
        try (InputStream in = body.open()) {
            signature = hex(WebhookSignatures.hmacSha256(key, new byte[0], in));
        }
        WebhookRequest request = new WebhookRequest(Map.of(HEADER, List.of(signature)), body, Instant.now());
        opens.set(0);
        LargeWebhookBody.Measured measured = LargeWebhookBody.verifyMeasured(verifier, request, key);
        WebhookVerification v = measured.verification();
        long allocated = measured.allocatedBytes();
        assertEquals(v.reason(), Outcome.ACCEPTED, v.outcome());
        assertEquals(WORKFLOW + "/" + PIPELINE + "/passed", v.deliveryId());
        assertEquals(Map.of("project", List.of("web-app"), "branch", List.of("main"), "pipeline", List.of("Build")),
                v.attributes());
        assertEquals("streamed twice: signature, then fields", 2, opens.get());
        assertTrue("the body was not held in memory: " + allocated + " bytes allocated", allocated < 8 << 20);
    }



    private WebhookVerification verify(String secret, String body, String... headers) {
        return verifier.verify(request(body, headers), secret.getBytes(StandardCharsets.UTF_8));
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

    /** Rejected, with a reason that quotes neither the secret nor any of the given signatures. */
    private static void assertRejected(WebhookVerification v, String... signatures) {
        assertRefused(Outcome.REJECTED, v, signatures);
    }

    /** Signed, but not a delivery the provider takes: told to the sender, and quoting no secret either. */
    private static void assertInvalid(WebhookVerification v, String... signatures) {
        assertRefused(Outcome.INVALID, v, signatures);
    }

    private static void assertRefused(Outcome outcome, WebhookVerification v, String... signatures) {
        assertEquals(v.reason(), outcome, v.outcome());
        assertTrue(v.reason() != null && !v.reason().isBlank());
        assertFalse(v.reason(), v.reason().contains(SECRET));
        for (String s : signatures) {
            assertFalse(v.reason(), v.reason().contains(s));
        }
        assertTrue(v.attributes().isEmpty());
    }
}
