package io.plugboard.rest.internal;

import io.plugboard.api.resource.EncryptionKeys;

/** JSON view of a data key; {@code createdAt} in ISO-8601, {@code values}: how many secret values it encrypts. */
public record KeyView(String id, String createdAt, boolean active, long values) {

    public static KeyView of(EncryptionKeys.KeyInfo key) {
        return new KeyView(key.id(), key.createdAt() == null ? null : key.createdAt().toString(), key.active(),
                key.values());
    }
}
