package io.plugboard.api.resource;

import java.time.Instant;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The data keys that encrypt secret values (AES-256-GCM), themselves wrapped by the master key. Rotation adds a new
 * data key, re-encrypts every value with it and then retires the old keys; until it completes, values under the old
 * keys stay readable, so the server keeps serving throughout.
 */
@ProviderType
public interface EncryptionKeys {

    /** One data key. */
    record KeyInfo(String id, Instant createdAt, boolean active, long values) {
    }

    /** What a rotation did. */
    record RotationResult(String newKeyId, long reencrypted, List<String> retiredKeyIds) {
    }

    /** The data keys in use, the active one (that new values are encrypted with) first. */
    List<KeyInfo> keys();

    /** Adds a new active key, re-encrypts every value with it, retires the others. */
    RotationResult rotate();
}
