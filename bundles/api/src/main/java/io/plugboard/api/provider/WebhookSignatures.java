package io.plugboard.api.provider;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 webhook signatures, for {@link WebhookVerifier} implementations: the MAC of a message given in parts,
 * strict parsing of a hex-encoded signature, and the constant-time comparison of the expected with the presented
 * signature.
 *
 * <p>A typical check of a {@code sha256=<hex>} header:
 * <pre>{@code
 * byte[] presented = WebhookSignatures.parseHex(header.substring("sha256=".length()));
 * if (presented == null) { ... reject: malformed ... }
 * if (!WebhookSignatures.matches(WebhookSignatures.hmacSha256(secret, request.body()), presented)) { ... reject ... }
 * }</pre>
 *
 * <p>Stateless and thread-safe: every call uses its own {@link Mac}.
 *
 * @since 1.1.0
 */
public final class WebhookSignatures {

    /** The JCA name of the MAC algorithm. */
    private static final String ALGORITHM = "HmacSHA256";

    /** Length of an HMAC-SHA256 (32 bytes) written in hex. */
    private static final int HEX_LENGTH = 64;

    private WebhookSignatures() {
    }

    /**
     * A Standard Webhooks signature (https://www.standardwebhooks.com/, "Signature scheme"): base64 of HMAC-SHA256 over
     * {@code <id>.<timestamp>.<body>}, keyed with the base64-decoded part of a {@code whsec_<base64>} secret, else the
     * secret's UTF-8 bytes. The {@code webhook-signature} header carries it as {@code v1,<signature>}.
     *
     * @throws IllegalArgumentException when the secret starts with {@code whsec_} but the rest is not base64
     */
    public static String standardWebhooksSignature(String secret, String id, String timestamp, byte[] body) {
        byte[] key = secret.startsWith("whsec_") ? java.util.Base64.getDecoder().decode(secret.substring(6))
                : secret.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return java.util.Base64.getEncoder().encodeToString(hmacSha256(key,
                (id + "." + timestamp + ".").getBytes(java.nio.charset.StandardCharsets.UTF_8), body));
    }

    /**
     * The HMAC-SHA256 under {@code key} of the concatenation of {@code parts}, in order: {@code hmacSha256(k, a, b)}
     * equals {@code hmacSha256(k, a ++ b)}. Signing schemes that MAC a prefix and the raw body (e.g.
     * {@code "v0:<timestamp>:" + body}) can pass both without copying the body.
     *
     * @param key the secret key; not {@code null} nor empty
     * @param parts the message, in parts; none of them {@code null} (an empty part adds nothing)
     * @return the 32-byte MAC
     * @throws IllegalArgumentException if {@code key} is {@code null} or empty
     * @throws NullPointerException if {@code parts} or one of its elements is {@code null}
     * @throws IllegalStateException if the JDK offers no HmacSHA256 (it always should)
     */
    public static byte[] hmacSha256(byte[] key, byte[]... parts) {
        Objects.requireNonNull(parts, "parts");
        for (byte[] part : parts) {
            Objects.requireNonNull(part, "a part of the message is null");
        }
        Mac mac = mac(key);
        for (byte[] part : parts) {
            mac.update(part);
        }
        return mac.doFinal();
    }

    /**
     * The HMAC-SHA256 under {@code key} of {@code prefix} followed by everything {@code body} yields, read in 64 KiB
     * pieces: the body is never held in memory. {@code hmacSha256(k, p, stream of b)} equals {@code hmacSha256(k, p, b)}.
     * The stream is read to its end, not closed.
     *
     * @param key the secret key; not {@code null} nor empty
     * @param prefix bytes MACed before the body, e.g. {@code "v0:<timestamp>:"}; empty for none
     * @param body the raw body, typically {@link WebhookRequest#openBody()}
     * @return the 32-byte MAC
     * @throws IOException if reading the body fails
     * @since 1.2.0
     */
    public static byte[] hmacSha256(byte[] key, byte[] prefix, InputStream body) throws IOException {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(body, "body");
        Mac mac = mac(key);
        mac.update(prefix);
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = body.read(buffer)) >= 0; ) {
            mac.update(buffer, 0, n);
        }
        return mac.doFinal();
    }

    /**
     * {@link #hmacSha256(byte[], byte[], InputStream)} over the request's body, opened and closed here.
     *
     * @since 1.2.0
     */
    public static byte[] hmacSha256(byte[] key, byte[] prefix, WebhookRequest request) throws IOException {
        try (InputStream body = request.openBody()) {
            return hmacSha256(key, prefix, body);
        }
    }

    private static Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available", e);
        }
    }

    /**
     * The 32 bytes written as exactly 64 ASCII hex digits ({@code 0-9}, {@code a-f}, {@code A-F}; either case, mixed
     * allowed) in {@code hex}; {@code null} when it is anything else: {@code null}, shorter or longer, surrounding
     * whitespace, a prefix such as {@code sha256=}, or any other character (including non-ASCII digits). The caller
     * strips whitespace and prefixes first; a {@code null} result means a malformed signature, to be rejected.
     *
     * @param hex the presented signature's hex digits, or {@code null}
     * @return the 32 bytes, or {@code null} when {@code hex} is not 64 hex digits
     */
    public static byte[] parseHex(String hex) {
        if (hex == null || hex.length() != HEX_LENGTH) {
            return null;
        }
        for (int i = 0; i < HEX_LENGTH; i++) {
            if (!HexFormat.isHexDigit(hex.charAt(i))) {
                return null;
            }
        }
        return HexFormat.of().parseHex(hex);
    }

    /**
     * Whether the presented signature equals the expected one, compared in constant time for equal lengths (with
     * {@link MessageDigest#isEqual}), so the comparison does not reveal how many leading bytes were right.
     *
     * @param expected the MAC computed under the integration's secret, e.g. by {@link #hmacSha256}
     * @param presented the signature the request carries, e.g. from {@link #parseHex}; {@code null} when it had none
     *        or a malformed one
     * @return {@code true} only when both are non-{@code null} and equal
     */
    public static boolean matches(byte[] expected, byte[] presented) {
        return expected != null && presented != null && MessageDigest.isEqual(expected, presented);
    }
}
