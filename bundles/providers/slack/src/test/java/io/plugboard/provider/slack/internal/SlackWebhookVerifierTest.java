package io.plugboard.provider.slack.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.plugboard.api.provider.LargeWebhookBody;
import io.plugboard.api.provider.WebhookBody;
import io.plugboard.api.provider.WebhookRequest;
import io.plugboard.api.provider.WebhookSignatures;
import io.plugboard.api.provider.WebhookVerification;
import io.plugboard.api.provider.WebhookVerification.Outcome;
import org.junit.Test;

public class SlackWebhookVerifierTest {

    private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final long TS = 1_700_000_000L;
    private static final Instant NOW = Instant.ofEpochSecond(TS).plusMillis(1500);

    private static final String MESSAGE = "{\"token\":\"XXYYZZ\",\"team_id\":\"T061EG9R6\",\"api_app_id\":\"A0PNCHHK2\","
            + "\"event\":{\"type\":\"message\",\"channel\":\"C024BE91L\",\"user\":\"U2147483697\",\"text\":\"Live long\","
            + "\"ts\":\"1355517523.000005\",\"channel_type\":\"channel\"},"
            + "\"type\":\"event_callback\",\"event_id\":\"Ev0PV52K21\",\"event_time\":1355517523}";

    private final SlackWebhookVerifier verifier = new SlackWebhookVerifier();

    /** Slack's "Verifying requests from Slack" example: a slash command, signed with its example signing secret. */
    private static final String SLASH_COMMAND = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
            + "&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect"
            + "&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
            + "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    private static final String SLASH_COMMAND_SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
    private static final String FORM = "application/x-www-form-urlencoded";

    @Test
    public void slacksDocumentedSlashCommandIsAcceptedAndAnswered200Empty() {
        WebhookVerification v = verifier.verify(request(SLASH_COMMAND, Instant.ofEpochSecond(1531420618 + 10),
                "X-Slack-Request-Timestamp", "1531420618", "X-Slack-Signature", SLASH_COMMAND_SIGNATURE,
                "Content-Type", FORM), SECRET.getBytes(StandardCharsets.UTF_8));
        assertEquals(v.reason(), Outcome.ACCEPTED, v.outcome());
        assertEquals("398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c", v.deliveryId());
        assertEquals("slash_command", v.eventType());
        assertEquals(Map.of("channel", List.of("G8PSS9T3V"), "command", List.of("/webhook-collect"),
                "event", List.of("slash_command"), "team", List.of("T1DC2JH3J")), v.attributes());
        assertEquals("Slack needs a 200 for a slash command", 200, v.acknowledgementStatus());

        WebhookVerification tampered = verifier.verify(request(SLASH_COMMAND.replace("foobar", "foobaz"),
                Instant.ofEpochSecond(1531420618), "X-Slack-Request-Timestamp", "1531420618",
                "X-Slack-Signature", SLASH_COMMAND_SIGNATURE, "Content-Type", FORM), SECRET.getBytes(StandardCharsets.UTF_8));
        assertTrue(tampered.reason(), tampered.reason().contains("does not match"));

        WebhookVerification undeclared = verifier.verify(request(SLASH_COMMAND, Instant.ofEpochSecond(1531420618),
                "X-Slack-Request-Timestamp", "1531420618", "X-Slack-Signature", SLASH_COMMAND_SIGNATURE),
                SECRET.getBytes(StandardCharsets.UTF_8));
        assertInvalid(undeclared, SLASH_COMMAND_SIGNATURE);
        assertTrue("a form body sent without the form content type: " + undeclared.reason(),
                undeclared.reason().contains("neither JSON nor form-encoded"));
    }

    @Test
    public void anInteractivityPayloadIsAcceptedAsItsType() {
        String payload = "{\"type\":\"block_actions\",\"user\":{\"id\":\"U1\"},\"team\":{\"id\":\"T9\",\"domain\":\"acme\"},"
                + "\"channel\":{\"id\":\"C7\",\"name\":\"deploys\"},\"trigger_id\":\"123.456.abc\","
                + "\"actions\":[{\"action_id\":\"approve\",\"value\":\"a&b=c\"}]}";
        String body = "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8);
        WebhookVerification v = verify(body, NOW, form(signed(SECRET, TS, body)));
        assertEquals(v.reason(), Outcome.ACCEPTED, v.outcome());
        assertEquals("123.456.abc", v.deliveryId());
        assertEquals("block_actions", v.eventType());
        assertEquals(Map.of("channel", List.of("C7"), "event", List.of("block_actions"), "team", List.of("T9")), v.attributes());
        assertEquals(200, v.acknowledgementStatus());

        String shortcut = "payload=" + URLEncoder.encode("{\"type\":\"shortcut\",\"team\":{\"id\":\"T9\"},"
                + "\"callback_id\":\"open\",\"trigger_id\":\"9.8.7\"}", StandardCharsets.UTF_8);
        WebhookVerification global = verify(shortcut, NOW, form(signed(SECRET, TS, shortcut)));
        assertEquals(global.reason(), "shortcut", global.eventType());
        assertEquals(Map.of("callback", List.of("open"), "event", List.of("shortcut"), "team", List.of("T9")), global.attributes());

        String submitted = "payload=" + URLEncoder.encode("{\"type\":\"view_submission\",\"team\":{\"id\":\"T9\"},"
                + "\"trigger_id\":\"9.8.8\",\"view\":{\"id\":\"V1\",\"callback_id\":\"deploy-form\"}}", StandardCharsets.UTF_8);
        assertEquals(List.of("deploy-form"), verify(submitted, NOW, form(signed(SECRET, TS, submitted))).attributes().get("callback"));
    }

    @Test
    public void formsWithoutWhatSlackAlwaysSendsAreRejected() {
        String closed = "payload=" + URLEncoder.encode("{\"type\":\"view_closed\",\"team\":{\"id\":\"T9\"}}",
                StandardCharsets.UTF_8);
        WebhookVerification noTrigger = verify(closed, NOW, form(signed(SECRET, TS, closed)));
        assertInvalid(noTrigger);
        assertTrue(noTrigger.reason(), noTrigger.reason().contains("no trigger_id"));
        String untyped = "payload=" + URLEncoder.encode("{\"trigger_id\":\"1.2.3\"}", StandardCharsets.UTF_8);
        assertTrue(verify(untyped, NOW, form(signed(SECRET, TS, untyped))).reason().contains("no type"));
        String neither = "team_id=T1&text=hello";
        assertTrue(verify(neither, NOW, form(signed(SECRET, TS, neither))).reason().contains("neither a slash command"));
        String malformed = "command=%2Fdeploy&text=ok&trigger_id=1.2.3%";
        assertTrue(verify(malformed, NOW, form(signed(SECRET, TS, malformed))).reason().contains("malformed"));
        String command = "command=%2Fdeploy&team_id=T1";
        assertTrue(verify(command, NOW, form(signed(SECRET, TS, command))).reason().contains("no trigger_id"));
    }

    /** The headers and a form content type. */
    private static String[] form(String[] headers) {
        String[] withType = java.util.Arrays.copyOf(headers, headers.length + 2);
        withType[headers.length] = "Content-Type";
        withType[headers.length + 1] = FORM + "; charset=utf-8";
        return withType;
    }

    @Test
    public void acceptsASignedEvent() {
        WebhookVerification v = verify(MESSAGE, NOW, signed(SECRET, TS, MESSAGE));
        assertEquals(v.reason(), Outcome.ACCEPTED, v.outcome());
        assertEquals("Ev0PV52K21", v.deliveryId());
        assertEquals("message", v.eventType());
        assertEquals(Map.of("channel", List.of("C024BE91L"), "event", List.of("message"), "team", List.of("T061EG9R6")),
                v.attributes());
    }

    @Test
    public void eventTypeFallsBackToTheTopLevelType() {
        String body = "{\"token\":\"t\",\"team_id\":\"T1\",\"minute_rate_limited\":1518467820,\"api_app_id\":\"A1\","
                + "\"type\":\"app_rate_limited\",\"event_id\":\"Ev1\"}";
        WebhookVerification v = verify(body, NOW, signed(SECRET, TS, body));
        assertEquals(v.reason(), Outcome.ACCEPTED, v.outcome());
        assertEquals("app_rate_limited", v.eventType());
        assertEquals(Map.of("event", List.of("app_rate_limited"), "team", List.of("T1")), v.attributes());
    }

    @Test
    public void channelOfChannelAndReactionEvents() {
        String created = "{\"team_id\":\"T1\",\"type\":\"event_callback\",\"event_id\":\"Ev2\","
                + "\"event\":{\"type\":\"channel_created\",\"channel\":{\"id\":\"C2\",\"name\":\"fun\"}}}";
        assertEquals(List.of("C2"), verify(created, NOW, signed(SECRET, TS, created)).attributes().get("channel"));
        String reaction = "{\"team_id\":\"T1\",\"type\":\"event_callback\",\"event_id\":\"Ev3\","
                + "\"event\":{\"type\":\"reaction_added\",\"reaction\":\"thumbsup\",\"item\":{\"type\":\"message\",\"channel\":\"C3\"}}}";
        assertEquals(List.of("C3"), verify(reaction, NOW, signed(SECRET, TS, reaction)).attributes().get("channel"));
    }

    @Test
    public void answersAVerifiedUrlVerification() throws Exception {
        String body = "{\"token\":\"Jhj5dZrVaK7ZwHHjRyZWjbDl\",\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\","
                + "\"type\":\"url_verification\"}";
        WebhookVerification v = verify(body, NOW, signed(SECRET, TS, body));
        assertEquals(v.reason(), Outcome.HANDSHAKE, v.outcome());
        assertEquals("application/json", v.handshakeContentType());
        assertEquals(Map.of("challenge", "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"),
                new ObjectMapper().readValue(v.handshakeBody(), Map.class));
        assertTrue(v.attributes().isEmpty());
    }

    @Test
    public void theChallengeIsEscapedInTheAnswer() throws Exception {
        String body = "{\"type\":\"url_verification\",\"challenge\":\"a\\\"b\\\\c\"}";
        WebhookVerification v = verify(body, NOW, signed(SECRET, TS, body));
        assertEquals(Map.of("challenge", "a\"b\\c"), new ObjectMapper().readValue(v.handshakeBody(), Map.class));
    }

    @Test
    public void anUnverifiedUrlVerificationIsRejected() {
        String body = "{\"type\":\"url_verification\",\"challenge\":\"x\"}";
        String[] headers = signed("not-the-secret", TS, body);
        assertRejected(verify(body, NOW, headers), headers[3]);
        String noChallenge = "{\"type\":\"url_verification\"}";
        assertInvalid(verify(noChallenge, NOW, signed(SECRET, TS, noChallenge)));
    }

    @Test
    public void rejectsATamperedBodyOrTimestamp() {
        String[] headers = signed(SECRET, TS, MESSAGE);
        assertRejected(verify(MESSAGE.replace("Live long", "Die young"), NOW, headers), headers[3]);
        headers[1] = String.valueOf(TS + 1);
        assertRejected(verify(MESSAGE, NOW, headers), headers[3]);
    }

    @Test
    public void rejectsTheWrongSecret() {
        String[] headers = signed("another-signing-secret", TS, MESSAGE);
        assertRejected(verify(MESSAGE, NOW, headers), headers[3], "another-signing-secret");
        assertEquals(Outcome.REJECTED, verifier.verify(request(MESSAGE, NOW, signed(SECRET, TS, MESSAGE)), new byte[0]).outcome());
        assertEquals(Outcome.REJECTED, verifier.verify(request(MESSAGE, NOW, signed(SECRET, TS, MESSAGE)), null).outcome());
    }

    @Test
    public void timestampsMoreThanFiveMinutesAwayAreRejected() {
        Duration fiveMinutes = Duration.ofMinutes(5);
        Instant received = Instant.ofEpochSecond(TS);
        assertEquals(Outcome.ACCEPTED, verify(MESSAGE, received.plus(fiveMinutes), signed(SECRET, TS, MESSAGE)).outcome());
        assertEquals(Outcome.ACCEPTED, verify(MESSAGE, received.minus(fiveMinutes), signed(SECRET, TS, MESSAGE)).outcome());
        String[] old = signed(SECRET, TS, MESSAGE);
        assertRejected(verify(MESSAGE, received.plus(fiveMinutes).plusSeconds(1), old), old[3]);
        String[] future = signed(SECRET, TS, MESSAGE);
        assertRejected(verify(MESSAGE, received.minus(fiveMinutes).minusSeconds(1), future), future[3]);
        String[] ancient = signed(SECRET, 0, MESSAGE);
        assertRejected(verify(MESSAGE, NOW, ancient), ancient[3]);
    }

    @Test
    public void rejectsMissingHeaders() {
        String[] headers = signed(SECRET, TS, MESSAGE);
        assertRejected(verify(MESSAGE, NOW, headers[2], headers[3]), headers[3]);
        assertRejected(verify(MESSAGE, NOW, headers[0], headers[1]));
        assertRejected(verify(MESSAGE, NOW));
    }

    @Test
    public void rejectsMalformedHeaders() {
        String hex = hex(hmac(SECRET, "v0:" + TS + ":" + MESSAGE));
        for (String bad : List.of(hex, "v1=" + hex, "V0=" + hex, "v0:" + hex, "v0=" + hex.substring(2),
                "v0=" + hex + "ab", "v0=" + hex.substring(1) + "x", "v0=", "")) {
            assertRejected(verify(MESSAGE, NOW, "X-Slack-Request-Timestamp", String.valueOf(TS), "X-Slack-Signature", bad), hex);
        }
        for (String badTs : List.of("", "abc", "-1", "+" + TS, TS + ".0", "1e9", "99999999999999999999")) {
            assertRejected(verify(MESSAGE, NOW, "X-Slack-Request-Timestamp", badTs, "X-Slack-Signature", "v0=" + hex), hex);
        }
    }

    @Test
    public void signedRequestsWithoutEventIdOrTypeAreInvalid() {
        for (String body : List.of(
                MESSAGE.replace("\"event_id\":\"Ev0PV52K21\",", ""),
                "{\"team_id\":\"T1\",\"event_id\":\"Ev1\",\"event\":{\"channel\":\"C1\"}}",
                "[]", "", "payload=%7B%7D")) {
            assertInvalid(verify(body, NOW, signed(SECRET, TS, body)));
        }
    }

    @Test
    public void aLargeBodyIsReadAsAStream() throws Exception {
        AtomicInteger opens = new AtomicInteger();
        WebhookBody body = LargeWebhookBody.of("{\"token\":\"t\",\"event\":{\"type\":\"message\",\"channel\":\"C9\",\"text\":\"",
                "\"},\"team_id\":\"T9\",\"type\":\"event_callback\",\"event_id\":\"EvBig\"}", opens);
        byte[] key = SECRET.getBytes(StandardCharsets.UTF_8);
        String signature;
        try (InputStream in = body.open()) {
            signature = "v0=" + hex(WebhookSignatures.hmacSha256(key, ("v0:" + TS + ":").getBytes(StandardCharsets.UTF_8), in));
        }
        WebhookRequest request = new WebhookRequest(Map.of("X-Slack-Request-Timestamp", List.of(String.valueOf(TS)),
                "X-Slack-Signature", List.of(signature)), body, NOW);
        opens.set(0);
        LargeWebhookBody.Measured measured = LargeWebhookBody.verifyMeasured(verifier, request, key);
        WebhookVerification v = measured.verification();
        long allocated = measured.allocatedBytes();
        assertEquals(v.reason(), Outcome.ACCEPTED, v.outcome());
        assertEquals("EvBig", v.deliveryId());
        assertEquals(Map.of("channel", List.of("C9"), "event", List.of("message"), "team", List.of("T9")), v.attributes());
        assertEquals("streamed twice: signature, then fields", 2, opens.get());
        assertTrue("the body was not held in memory: " + allocated + " bytes allocated", allocated < 8 << 20);
    }



    private WebhookVerification verify(String body, Instant receivedAt, String... headers) {
        return verifier.verify(request(body, receivedAt, headers), SECRET.getBytes(StandardCharsets.UTF_8));
    }

    /** Timestamp and signature headers, signed here with the JDK directly. */
    private static String[] signed(String secret, long timestamp, String body) {
        return new String[] {"X-Slack-Request-Timestamp", String.valueOf(timestamp),
            "X-Slack-Signature", "v0=" + hex(hmac(secret, "v0:" + timestamp + ":" + body))};
    }

    private static WebhookRequest request(String body, Instant receivedAt, String... headers) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            map.put(headers[i], List.of(headers[i + 1]));
        }
        return new WebhookRequest(map, body.getBytes(StandardCharsets.UTF_8), receivedAt);
    }

    private static byte[] hmac(String secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** Rejected, with a reason that quotes neither the secret nor any of the given signatures (nor their hex). */
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
            assertFalse(v.reason(), v.reason().contains(s) || v.reason().contains(s.replace("v0=", "")));
        }
        assertTrue(v.attributes().isEmpty());
        assertEquals(null, v.handshakeBody());
    }
}
