package io.plugboard.provider.webhook.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
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

public class StandardWebhooksVerifierTest {

    // The Standard Webhooks specification's test vector (also used by its reference libraries' tests)
    private static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long SPEC_TS = 1614265330L;
    private static final String SPEC_BODY = "{\"test\": 2432232314}";
    private static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(
            "a 32-byte key for the unit tests".getBytes(StandardCharsets.UTF_8));
    private static final String ID = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";
    private static final long TS = 1_700_000_000L;
    private static final Instant NOW = Instant.ofEpochSecond(TS).plusMillis(700);
    private static final String BODY = "{\"type\":\"invoice.paid\",\"timestamp\":\"2023-11-14T22:13:20Z\",\"data\":{\"id\":\"in_1\"}}";

    private final StandardWebhooksVerifier verifier = new StandardWebhooksVerifier();

    @Test
    public void acceptsTheSpecificationsTestVector() {
        WebhookVerification v = verify(SPEC_SECRET, SPEC_BODY, Instant.ofEpochSecond(SPEC_TS + 10),
                "webhook-id", SPEC_ID, "webhook-timestamp", String.valueOf(SPEC_TS), "webhook-signature", SPEC_SIGNATURE);
        assertEquals(v.reason(), Outcome.ACCEPTED, v.outcome());
        assertEquals(SPEC_ID, v.deliveryId());
        assertEquals("no type: the default event type", "webhook", v.eventType());
        assertTrue("no type: no event attribute", v.attributes().isEmpty());
        assertEquals("the test computes the vector's signature the same way", SPEC_SIGNATURE,
                "v1," + Base64.getEncoder().encodeToString(hmac(key(SPEC_SECRET), SPEC_ID + "." + SPEC_TS + "." + SPEC_BODY)));
    }

    @Test
    public void acceptsATypedPayload() {
        WebhookVerification v = verify(SECRET, BODY, NOW, signed(SECRET, ID, TS, BODY));
        assertEquals(v.reason(), Outcome.ACCEPTED, v.outcome());
        assertEquals(ID, v.deliveryId());
        assertEquals("invoice.paid", v.eventType());
        assertEquals(Map.of("event", List.of("invoice.paid")), v.attributes());
    }

    @Test
    public void aBodyThatIsNotJsonIsAWebhookEvent() {
        String body = "plain text, signed";
        WebhookVerification v = verify(SECRET, body, NOW, signed(SECRET, ID, TS, body));
        assertEquals(v.reason(), Outcome.ACCEPTED, v.outcome());
        assertEquals("webhook", v.eventType());
        assertTrue(v.attributes().isEmpty());
    }

    @Test
    public void aSecretWithoutThePrefixIsUsedAsItsUtf8Bytes() {
        String plain = "c2hhcmVkLXNlY3JldA"; // also valid base64: it must still be taken as text
        String sig = "v1," + Base64.getEncoder().encodeToString(hmac(plain.getBytes(StandardCharsets.UTF_8), ID + "." + TS + "." + BODY));
        String[] headers = {"webhook-id", ID, "webhook-timestamp", String.valueOf(TS), "webhook-signature", sig};
        WebhookVerification v = verify(plain, BODY, NOW, headers);
        assertEquals(v.reason(), Outcome.ACCEPTED, v.outcome());
        // with the prefix the same characters are base64, i.e. another key
        assertRejected(verify("whsec_" + plain, BODY, NOW, headers), sig);
    }

    @Test
    public void anyMatchingV1SignaturePassesAndOtherVersionsAreIgnored() {
        String good = signed(SECRET, ID, TS, BODY)[5];
        String other = "v1," + Base64.getEncoder().encodeToString(hmac("another key".getBytes(StandardCharsets.UTF_8), "x"));
        String v1a = "v1a,hnO3f9T8Ytu9HwrXslvumlUpqtNVqkhqw/enGzPCXe5BdqzCInXqYXFymVJaA7AZdpXwVLPo3mNl8EM+m7TBAg==";
        for (String header : List.of(other + " " + good, good + " " + other, v1a + " " + good, v1a + "  " + other + "  " + good,
                "v2," + good.substring(3) + " " + good)) {
            WebhookVerification v = verify(SECRET, BODY, NOW, "webhook-id", ID, "webhook-timestamp", String.valueOf(TS),
                    "webhook-signature", header);
            assertEquals(header, Outcome.ACCEPTED, v.outcome());
        }
        for (String header : List.of(other, v1a, v1a + " " + other, "v2," + good.substring(3), "v1a," + good.substring(3))) {
            assertRejected(verify(SECRET, BODY, NOW, "webhook-id", ID, "webhook-timestamp", String.valueOf(TS),
                    "webhook-signature", header), good, other);
        }
    }

    @Test
    public void rejectsATamperedBodyIdOrTimestamp() {
        String[] h = signed(SECRET, ID, TS, BODY);
        assertRejected(verify(SECRET, BODY.replace("invoice.paid", "invoice.void"), NOW, h), h[5]);
        assertRejected(verify(SECRET, BODY, NOW, "webhook-id", ID + "x", h[2], h[3], h[4], h[5]), h[5]);
        assertRejected(verify(SECRET, BODY, NOW, h[0], h[1], "webhook-timestamp", String.valueOf(TS + 1), h[4], h[5]), h[5]);
        assertRejected(verify(SPEC_SECRET, "{\"test\": 2432232315}", Instant.ofEpochSecond(SPEC_TS),
                "webhook-id", SPEC_ID, "webhook-timestamp", String.valueOf(SPEC_TS), "webhook-signature", SPEC_SIGNATURE),
                SPEC_SIGNATURE);
    }

    @Test
    public void rejectsTheWrongSecret() {
        String[] h = signed(SPEC_SECRET, ID, TS, BODY);
        assertRejected(verify(SECRET, BODY, NOW, h), h[5]);
        assertRejected(verify("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", BODY, NOW, h), h[5]);
        assertEquals(Outcome.REJECTED, verifier.verify(request(BODY, NOW, h), new byte[0]).outcome());
        assertEquals(Outcome.REJECTED, verifier.verify(request(BODY, NOW, h), null).outcome());
    }

    @Test
    public void rejectsSecretsThatAreNotWhsecBase64() {
        String[] h = signed(SECRET, ID, TS, BODY);
        for (String bad : List.of("whsec_", "whsec_not base64!", "whsec_%%%%")) {
            WebhookVerification v = verify(bad, BODY, NOW, h);
            assertRejected(v, h[5]);
            assertFalse(v.reason(), v.reason().contains(bad.substring(6).isEmpty() ? "\u0000" : bad.substring(6)));
        }
    }

    @Test
    public void timestampsMoreThanFiveMinutesAwayAreRejected() {
        Duration fiveMinutes = Duration.ofMinutes(5);
        Instant signedAt = Instant.ofEpochSecond(TS);
        String[] h = signed(SECRET, ID, TS, BODY);
        assertEquals(Outcome.ACCEPTED, verify(SECRET, BODY, signedAt.plus(fiveMinutes), h).outcome());
        assertEquals(Outcome.ACCEPTED, verify(SECRET, BODY, signedAt.minus(fiveMinutes), h).outcome());
        assertRejected(verify(SECRET, BODY, signedAt.plus(fiveMinutes).plusSeconds(1), h), h[5]);
        assertRejected(verify(SECRET, BODY, signedAt.minus(fiveMinutes).minusSeconds(1), h), h[5]);
        assertRejected(verify(SPEC_SECRET, SPEC_BODY, NOW, "webhook-id", SPEC_ID, "webhook-timestamp",
                String.valueOf(SPEC_TS), "webhook-signature", SPEC_SIGNATURE), SPEC_SIGNATURE);
    }

    @Test
    public void rejectsMissingHeaders() {
        String[] h = signed(SECRET, ID, TS, BODY);
        assertRejected(verify(SECRET, BODY, NOW, h[2], h[3], h[4], h[5]), h[5]);
        assertRejected(verify(SECRET, BODY, NOW, h[0], h[1], h[4], h[5]), h[5]);
        assertRejected(verify(SECRET, BODY, NOW, h[0], h[1], h[2], h[3]));
        assertRejected(verify(SECRET, BODY, NOW, "webhook-id", " ", h[2], h[3], h[4], h[5]), h[5]);
        assertRejected(verify(SECRET, BODY, NOW, h[0], h[1], h[2], h[3], "webhook-signature", " "));
        assertRejected(verify(SECRET, BODY, NOW));
    }

    @Test
    public void rejectsMalformedHeaders() {
        byte[] mac = hmac(key(SECRET), ID + "." + TS + "." + BODY);
        String b64 = Base64.getEncoder().encodeToString(mac);
        for (String bad : List.of(b64, "v1:" + b64, "v1=" + b64, "V1," + b64, "v1," + HexFormat.of().formatHex(mac),
                "v1,", "v1," + b64.substring(4), "v1,!" + b64.substring(1), "v1," + b64 + "AAAA", ",", "v1")) {
            assertRejected(verify(SECRET, BODY, NOW, "webhook-id", ID, "webhook-timestamp", String.valueOf(TS),
                    "webhook-signature", bad), b64);
        }
        String good = "v1," + b64;
        for (String badTs : List.of("", "abc", "-1", TS + ".5", "1e9", String.valueOf(TS * 1000), "99999999999999999999")) {
            assertRejected(verify(SECRET, BODY, NOW, "webhook-id", ID, "webhook-timestamp", badTs,
                    "webhook-signature", good), b64);
        }
    }

    @Test
    public void aLargeBodyIsReadAsAStream() throws Exception {
        AtomicInteger opens = new AtomicInteger();
        WebhookBody body = LargeWebhookBody.of("{\"data\":{\"id\":\"in_1\",\"pdf\":\"", "\"},\"type\":\"invoice.paid\"}", opens);
        String signature;
        try (InputStream in = body.open()) {
            signature = "v1," + Base64.getEncoder().encodeToString(WebhookSignatures.hmacSha256(key(SECRET),
                    (ID + "." + TS + ".").getBytes(StandardCharsets.UTF_8), in));
        }
        WebhookRequest request = new WebhookRequest(Map.of("webhook-id", List.of(ID),
                "webhook-timestamp", List.of(String.valueOf(TS)), "webhook-signature", List.of(signature)), body, NOW);
        opens.set(0);
        LargeWebhookBody.Measured measured = LargeWebhookBody.verifyMeasured(verifier, request, SECRET.getBytes(StandardCharsets.UTF_8));
        WebhookVerification v = measured.verification();
        long allocated = measured.allocatedBytes();
        assertEquals(v.reason(), Outcome.ACCEPTED, v.outcome());
        assertEquals(ID, v.deliveryId());
        assertEquals("invoice.paid", v.eventType());
        assertEquals(Map.of("event", List.of("invoice.paid")), v.attributes());
        assertEquals("streamed twice: signature, then type", 2, opens.get());
        assertTrue("the body was not held in memory: " + allocated + " bytes allocated", allocated < 8 << 20);
    }



    private WebhookVerification verify(String secret, String body, Instant receivedAt, String... headers) {
        return verifier.verify(request(body, receivedAt, headers), secret.getBytes(StandardCharsets.UTF_8));
    }

    /** The three headers for {@code body}, signed here with the JDK directly. */
    private static String[] signed(String secret, String id, long timestamp, String body) {
        return new String[] {"webhook-id", id, "webhook-timestamp", String.valueOf(timestamp),
            "webhook-signature", "v1," + Base64.getEncoder().encodeToString(hmac(key(secret), id + "." + timestamp + "." + body))};
    }

    private static byte[] key(String whsec) {
        return Base64.getDecoder().decode(whsec.substring("whsec_".length()));
    }

    private static WebhookRequest request(String body, Instant receivedAt, String... headers) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            map.put(headers[i], List.of(headers[i + 1]));
        }
        return new WebhookRequest(map, body.getBytes(StandardCharsets.UTF_8), receivedAt);
    }

    private static byte[] hmac(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Rejected, with a reason that quotes neither secret nor any of the given signatures. */
    private static void assertRejected(WebhookVerification v, String... signatures) {
        assertEquals(Outcome.REJECTED, v.outcome());
        assertTrue(v.reason() != null && !v.reason().isBlank());
        assertFalse(v.reason(), v.reason().contains(SECRET.substring(6)) || v.reason().contains(SPEC_SECRET.substring(6)));
        for (String s : signatures) {
            assertFalse(v.reason(), v.reason().contains(s) || v.reason().contains(s.substring(s.indexOf(',') + 1)));
        }
        assertTrue(v.attributes().isEmpty());
    }
}
