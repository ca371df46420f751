package io.plugboard.oauth.internal.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Proof Key for Code Exchange (RFC 7636) with the {@code S256} method, and the random values of a login
 * (state, nonce, tickets).
 *
 * @param verifier  the secret kept server-side and sent with the code exchange (never log it)
 * @param challenge base64url(SHA-256(verifier)), sent in the authorization request
 * @param method    always {@code S256}
 */
public record Pkce(String verifier, String challenge, String method) {

    public static final String S256 = "S256";

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    /** RFC 7636 section 4.1: 43 to 128 characters of [A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~". */
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9\\-._~]{43,128}");

    public Pkce {
        Objects.requireNonNull(verifier, "verifier");
        Objects.requireNonNull(challenge, "challenge");
        if (!S256.equals(method)) {
            throw new IllegalArgumentException("only the S256 code challenge method is supported");
        }
    }

    /** A new verifier of 32 random bytes (43 base64url characters) and its S256 challenge. */
    public static Pkce create(SecureRandom random) {
        Objects.requireNonNull(random, "random");
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return fromVerifier(B64URL.encodeToString(bytes));
    }

    /** The pair for a known verifier (e.g. one read back from the login's stored state). */
    public static Pkce fromVerifier(String verifier) {
        if (verifier == null || !VERIFIER.matcher(verifier).matches()) {
            throw new IllegalArgumentException("a PKCE verifier is 43 to 128 characters of A-Z a-z 0-9 - . _ ~");
        }
        return new Pkce(verifier, challengeOf(verifier), S256);
    }

    /** base64url(SHA-256(ASCII(verifier))), no padding. */
    public static String challengeOf(String verifier) {
        return B64URL.encodeToString(digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    }

    /** {@code bytes} random bytes (at least 16), base64url without padding: for state, nonce and tickets. */
    public static String randomToken(SecureRandom random, int bytes) {
        Objects.requireNonNull(random, "random");
        if (bytes < 16) {
            throw new IllegalArgumentException("a random token needs at least 16 bytes (128 bits)");
        }
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return B64URL.encodeToString(b);
    }

    /** Lower-case hex SHA-256 of the UTF-8 value (64 characters): what is stored instead of a state or ticket. */
    public static String sha256(String value) {
        Objects.requireNonNull(value, "value");
        byte[] d = digest(value.getBytes(StandardCharsets.UTF_8));
        StringBuilder sb = new StringBuilder(64);
        for (byte b : d) {
            sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return sb.toString();
    }

    /** Constant-time comparison of two strings (e.g. a state or nonce against the stored one). */
    public static boolean constantTimeEquals(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] digest(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Never prints the verifier. */
    @Override
    public String toString() {
        return "Pkce[verifier=***, challenge=" + challenge + ", method=" + method + "]";
    }
}
