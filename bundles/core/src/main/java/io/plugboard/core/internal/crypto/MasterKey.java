package io.plugboard.core.internal.crypto;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.SecretKey;

import io.plugboard.core.internal.OwnerOnlyFile;

/** The master key: from configuration ({@code masterKey}, base64 of 32 bytes), else {@code master.key} in the data directory. */
public final class MasterKey {

    private MasterKey() {
    }

    public static SecretKey load(String configured, Path dataDirectory, SecureRandom random) throws IOException {
        String text = configured == null ? "" : configured.trim();
        if (text.isEmpty()) {
            text = new OwnerOnlyFile(dataDirectory.resolve("master.key"), "master key").readOrCreate(random, AesGcm.KEY_BYTES);
        }
        byte[] bytes;
        try {
            bytes = text.matches("[A-Za-z0-9_-]+") ? Base64.getUrlDecoder().decode(text) : Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The master key is not base64");
        }
        if (bytes.length != AesGcm.KEY_BYTES) {
            throw new IllegalArgumentException("The master key must be 32 bytes (base64), it has " + bytes.length);
        }
        return AesGcm.key(bytes);
    }
}
