package ${package}.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.plugboard.api.provider.WebhookRequest;
import io.plugboard.api.provider.WebhookVerification;
import io.plugboard.api.provider.WebhookVerification.Outcome;
import org.junit.Test;

public class ${classPrefix}WebhookVerifierTest {

    private static final String SECRET = "the-webhook-secret";
    private static final String BODY = "{\"job\":{\"id\":\"42\",\"result\":\"passed\"}}";

    private final ${classPrefix}WebhookVerifier verifier = new ${classPrefix}WebhookVerifier();

    @Test
    public void acceptsACorrectSignature() {
        WebhookVerification v = verify(SECRET, BODY, "sha256=" + hmac(SECRET, BODY));
        assertEquals(v.reason(), Outcome.ACCEPTED, v.outcome());
        assertEquals("delivery-1", v.deliveryId());
        assertEquals("job_done", v.eventType());
        assertEquals(Map.of("event", List.of("job_done")), v.attributes());
    }

    @Test
    public void refusesAWrongSignature() {
        String wrongSecret = "sha256=" + hmac("another-secret", BODY);
        assertRejected(verify(SECRET, BODY, wrongSecret), wrongSecret);
        String tampered = "sha256=" + hmac(SECRET, BODY);
        assertRejected(verify(SECRET, BODY.replace("passed", "failed"), tampered), tampered);
        assertRejected(verify(SECRET, BODY, "sha256=" + "0".repeat(64)));
    }

    @Test
    public void refusesAMissingOrMalformedSignature() {
        assertRejected(verify(SECRET, BODY, null));
        String hex = hmac(SECRET, BODY);
        for (String bad : List.of(hex, "sha1=" + hex, "sha256=" + hex.substring(1), "sha256=", "")) {
            assertRejected(verify(SECRET, BODY, bad), hex);
        }
    }

    @Test
    public void refusesEverythingWithoutASecret() {
        String signature = "sha256=" + hmac(SECRET, BODY);
        assertEquals(Outcome.REJECTED, verifier.verify(request(BODY, signature), new byte[0]).outcome());
        assertEquals(Outcome.REJECTED, verifier.verify(request(BODY, signature), null).outcome());
    }

    @Test
    public void aSignedDeliveryWithoutItsHeadersIsInvalid() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put(${classPrefix}WebhookVerifier.SIGNATURE_HEADER, List.of("sha256=" + hmac(SECRET, BODY)));
        WebhookRequest request = new WebhookRequest(headers, BODY.getBytes(StandardCharsets.UTF_8), Instant.now());
        WebhookVerification v = verifier.verify(request, SECRET.getBytes(StandardCharsets.UTF_8));
        assertEquals(v.reason(), Outcome.INVALID, v.outcome());
    }

    private WebhookVerification verify(String secret, String body, String signature) {
        return verifier.verify(request(body, signature), secret.getBytes(StandardCharsets.UTF_8));
    }

    private static WebhookRequest request(String body, String signature) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        if (signature != null) {
            headers.put(${classPrefix}WebhookVerifier.SIGNATURE_HEADER, List.of(signature));
        }
        headers.put(${classPrefix}WebhookVerifier.DELIVERY_HEADER, List.of("delivery-1"));
        headers.put(${classPrefix}WebhookVerifier.EVENT_HEADER, List.of("job_done"));
        return new WebhookRequest(headers, body.getBytes(StandardCharsets.UTF_8), Instant.now());
    }

    /** Computed with the JDK directly, independently of the verifier's code. */
    private static String hmac(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Rejected (401), with a reason that quotes neither the secret nor the signatures. */
    private static void assertRejected(WebhookVerification v, String... signatures) {
        assertEquals(v.reason(), Outcome.REJECTED, v.outcome());
        assertTrue(v.reason() != null && !v.reason().isBlank());
        assertFalse(v.reason(), v.reason().contains(SECRET));
        for (String s : signatures) {
            assertFalse(v.reason(), v.reason().contains(s));
        }
    }
}
