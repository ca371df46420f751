package io.plugboard.provider.slack;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 over a message given in parts, and the constant-time comparison of a hex signature with it. */
final class HmacSha256 {

    private static final String ALGORITHM = "HmacSHA256";
    private static final int HEX_LENGTH = 64;

    private HmacSha256() {
    }

    /** The HMAC-SHA256 of the concatenated {@code parts} under {@code key}; a new {@link Mac} per call (not thread-safe). */
    static byte[] of(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** The 32 bytes written as 64 hex digits (either case) in {@code hex}, or {@code null} when it is anything else. */
    static byte[] parseHex(String hex) {
        if (hex == null || hex.length() != HEX_LENGTH) {
            return null;
        }
        for (int i = 0; i < hex.length(); i++) {
            if (Character.digit(hex.charAt(i), 16) < 0) {
                return null;
            }
        }
        return HexFormat.of().parseHex(hex);
    }

    /** Constant-time comparison of the expected and the presented MAC. */
    static boolean matches(byte[] expected, byte[] presented) {
        return presented != null && MessageDigest.isEqual(expected, presented);
    }
}
