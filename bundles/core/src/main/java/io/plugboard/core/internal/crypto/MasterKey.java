package io.plugboard.core.internal.crypto;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.SecretKey;

import io.plugboard.core.internal.OwnerOnlyFile;

/**
 * The master key, base64 of 32 bytes, from the first of: configuration ({@code masterKey}); the environment variable
 * {@value #ENVIRONMENT_VARIABLE}; the file {@code masterKeyFile} (made at first boot when absent); {@code master.key}
 * in the data directory (made at first boot when absent). The last keeps it next to the database: a backup of the data
 * directory then holds both the ciphertexts and their key.
 */
public final class MasterKey {

    private MasterKey() {
    }

    public static final String ENVIRONMENT_VARIABLE = "PLUGBOARD_MASTER_KEY";

    public static SecretKey load(String configured, Path dataDirectory, SecureRandom random) throws IOException {
        return load(configured, System.getenv(ENVIRONMENT_VARIABLE), "", dataDirectory, random);
    }

    public static SecretKey load(String configured, String environment, String file, Path dataDirectory,
                                 SecureRandom random) throws IOException {
        String text = configured == null ? "" : configured.trim();
        if (text.isEmpty() && environment != null) {
            text = environment.trim();
        }
        if (text.isEmpty()) {
            Path where = file == null || file.isBlank() ? dataDirectory.resolve("master.key") : Path.of(file.trim());
            text = new OwnerOnlyFile(where, "master key").readOrCreate(random, AesGcm.KEY_BYTES);
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
