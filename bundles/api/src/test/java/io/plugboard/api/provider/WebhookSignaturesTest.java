package io.plugboard.api.provider;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import org.junit.Test;

public class WebhookSignaturesTest {

    // RFC 4231, test case 2
    private static final byte[] RFC_KEY = utf8("Jefe");
    private static final String RFC_MESSAGE = "what do ya want for nothing?";
    private static final String RFC_MAC = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";

    // GitHub's documented test vector ("Validating webhook deliveries")
    private static final String GITHUB_SECRET = "It's a Secret to Everybody";
    private static final String GITHUB_BODY = "Hello, World!";
    private static final String GITHUB_SIGNATURE = "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    @Test
    public void computesTheRfc4231TestVector() {
        assertEquals(RFC_MAC, hex(WebhookSignatures.hmacSha256(RFC_KEY, utf8(RFC_MESSAGE))));
    }

    @Test
    public void computesGitHubsDocumentedSignature() {
        assertEquals(GITHUB_SIGNATURE, hex(WebhookSignatures.hmacSha256(utf8(GITHUB_SECRET), utf8(GITHUB_BODY))));
    }

    @Test
    public void computesSlacksDocumentedSignatureFromPrefixAndBody() {
        // Slack's "Verifying requests from Slack" example: "v0:" + timestamp + ":" and the body given as two parts
        String body = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
                + "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
                + "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
                + "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
        byte[] mac = WebhookSignatures.hmacSha256(utf8("8f742231b10e8888abcd99yyyzzz85a5"), utf8("v0:1531420618:"), utf8(body));
        assertEquals("a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503", hex(mac));
    }

    @Test
    public void computesTheStandardWebhooksSpecSignature() {
        byte[] key = Base64.getDecoder().decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        byte[] mac = WebhookSignatures.hmacSha256(key, utf8("msg_p5jXN8AQM9LWM0D4loKWxJek.1614265330."),
                utf8("{\"test\": 2432232314}"));
        assertEquals("g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", Base64.getEncoder().encodeToString(mac));
    }

    @Test
    public void theMessageIsTheConcatenationOfItsParts() {
        byte[] whole = WebhookSignatures.hmacSha256(RFC_KEY, utf8(RFC_MESSAGE));
        assertArrayEquals(whole, WebhookSignatures.hmacSha256(RFC_KEY, utf8("what do ya "), utf8("want for nothing?")));
        assertArrayEquals(whole, WebhookSignatures.hmacSha256(RFC_KEY, new byte[0], utf8(RFC_MESSAGE), new byte[0]));
        assertEquals(32, WebhookSignatures.hmacSha256(RFC_KEY).length);
        assertArrayEquals(WebhookSignatures.hmacSha256(RFC_KEY), WebhookSignatures.hmacSha256(RFC_KEY, new byte[0]));
    }

    @Test
    public void theKeyIsNotChangedOrKept() {
        byte[] key = utf8("Jefe");
        byte[] first = WebhookSignatures.hmacSha256(key, utf8(RFC_MESSAGE));
        assertArrayEquals(utf8("Jefe"), key);
        Arrays.fill(key, (byte) 0);
        assertEquals(RFC_MAC, hex(first));
        assertFalse(Arrays.equals(first, WebhookSignatures.hmacSha256(key, utf8(RFC_MESSAGE))));
    }

    @Test
    public void rejectsAMissingOrEmptyKeyAndNullParts() {
        assertThrows(IllegalArgumentException.class, () -> WebhookSignatures.hmacSha256(null, utf8("x")));
        assertThrows(IllegalArgumentException.class, () -> WebhookSignatures.hmacSha256(new byte[0], utf8("x")));
        assertThrows(NullPointerException.class, () -> WebhookSignatures.hmacSha256(RFC_KEY, (byte[][]) null));
        assertThrows(NullPointerException.class, () -> WebhookSignatures.hmacSha256(RFC_KEY, utf8("x"), (byte[]) null));
    }

    @Test
    public void parsesExactly64HexDigitsOfEitherCase() {
        byte[] mac = HexFormat.of().parseHex(RFC_MAC);
        assertArrayEquals(mac, WebhookSignatures.parseHex(RFC_MAC));
        assertArrayEquals(mac, WebhookSignatures.parseHex(RFC_MAC.toUpperCase()));
        String mixed = RFC_MAC.substring(0, 32).toUpperCase() + RFC_MAC.substring(32);
        assertArrayEquals(mac, WebhookSignatures.parseHex(mixed));
        assertArrayEquals(new byte[32], WebhookSignatures.parseHex("0".repeat(64)));
    }

    @Test
    public void anythingElseParsesToNull() {
        String fullwidthZero = "\uFF10"; // Character.digit reads it as 0, but it is no ASCII hex digit
        String arabicIndicOne = "\u0661";
        for (String bad : Arrays.asList(null, "", RFC_MAC.substring(2), RFC_MAC.substring(1), RFC_MAC + "0", RFC_MAC + "00",
                RFC_MAC.substring(1) + "g", RFC_MAC.substring(1) + "x", "sha256=" + RFC_MAC, "v0=" + RFC_MAC,
                " " + RFC_MAC, RFC_MAC + "\n", RFC_MAC.substring(1) + " ", RFC_MAC.substring(2) + "0x",
                RFC_MAC.substring(1) + fullwidthZero, arabicIndicOne + RFC_MAC.substring(1), "-" + RFC_MAC.substring(1),
                Base64.getEncoder().encodeToString(HexFormat.of().parseHex(RFC_MAC)), " ".repeat(64))) {
            assertNull(String.valueOf(bad), WebhookSignatures.parseHex(bad));
        }
    }

    @Test
    public void matchesOnlyEqualSignatures() {
        byte[] expected = WebhookSignatures.hmacSha256(utf8(GITHUB_SECRET), utf8(GITHUB_BODY));
        assertTrue(WebhookSignatures.matches(expected, WebhookSignatures.parseHex(GITHUB_SIGNATURE)));
        assertTrue(WebhookSignatures.matches(expected, expected.clone()));

        byte[] flipped = expected.clone();
        flipped[31] ^= 1;
        assertFalse(WebhookSignatures.matches(expected, flipped));
        assertFalse("another body", WebhookSignatures.matches(
                WebhookSignatures.hmacSha256(utf8(GITHUB_SECRET), utf8("Hello, World?")), expected));
        assertFalse("another secret", WebhookSignatures.matches(
                WebhookSignatures.hmacSha256(utf8("another secret"), utf8(GITHUB_BODY)), expected));
        for (byte[] other : List.of(Arrays.copyOf(expected, 31), Arrays.copyOf(expected, 33), new byte[0])) {
            assertFalse(WebhookSignatures.matches(expected, other));
        }
    }

    @Test
    public void aMissingSignatureNeverMatches() {
        byte[] expected = WebhookSignatures.hmacSha256(RFC_KEY, utf8(RFC_MESSAGE));
        assertFalse(WebhookSignatures.matches(expected, null));
        assertFalse(WebhookSignatures.matches(expected, WebhookSignatures.parseHex("not hex")));
        assertFalse(WebhookSignatures.matches(null, expected));
        assertFalse(WebhookSignatures.matches(null, null));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    @Test
    public void aStreamedBodyHasTheSameMacAsTheBytes() throws java.io.IOException {
        byte[] key = GITHUB_SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] body = new byte[200_000];
        new java.util.Random(7).nextBytes(body);
        byte[] prefix = "v0:1531420618:".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertArrayEquals(WebhookSignatures.hmacSha256(key, prefix, body),
                WebhookSignatures.hmacSha256(key, prefix, new java.io.ByteArrayInputStream(body)));
        assertArrayEquals(WebhookSignatures.hmacSha256(key, "Hello, World!".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                WebhookSignatures.hmacSha256(key, new byte[0],
                        new java.io.ByteArrayInputStream("Hello, World!".getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    }
}
