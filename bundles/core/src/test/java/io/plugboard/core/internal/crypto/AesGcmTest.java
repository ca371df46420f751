package io.plugboard.core.internal.crypto;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

import javax.crypto.SecretKey;

import org.junit.Test;

public class AesGcmTest {

    private final SecureRandom random = new SecureRandom();
    private final AesGcm aes = new AesGcm(random);
    private final SecretKey key = AesGcm.key(bytes(32));
    private final byte[] plain = "s3cr3t".getBytes(StandardCharsets.UTF_8);
    private final byte[] aad = "secret:uid:token".getBytes(StandardCharsets.UTF_8);

    @Test
    public void roundTripsWithAFreshNonceEachTime() {
        byte[] a = aes.encrypt(key, plain, aad);
        byte[] b = aes.encrypt(key, plain, aad);
        assertFalse("same plaintext, different ciphertext", Arrays.equals(a, b));
        assertArrayEquals(plain, aes.decrypt(key, a, aad));
        assertArrayEquals(plain, aes.decrypt(key, b, aad));
    }

    @Test
    public void aTamperedCiphertextIsRefused() {
        byte[] sealed = aes.encrypt(key, plain, aad);
        for (int i : new int[] {0, 12, sealed.length - 1}) {
            byte[] changed = sealed.clone();
            changed[i] ^= 1;
            assertThrows(AesGcm.TamperedException.class, () -> aes.decrypt(key, changed, aad));
        }
        assertThrows(AesGcm.TamperedException.class, () -> aes.decrypt(key, Arrays.copyOf(sealed, 20), aad));
    }

    @Test
    public void aCiphertextMovedElsewhereOrUnderAnotherKeyIsRefused() {
        byte[] sealed = aes.encrypt(key, plain, aad);
        assertThrows(AesGcm.TamperedException.class,
                () -> aes.decrypt(key, sealed, "secret:uid:other".getBytes(StandardCharsets.UTF_8)));
        assertThrows(AesGcm.TamperedException.class, () -> aes.decrypt(AesGcm.key(bytes(32)), sealed, aad));
    }

    @Test
    public void onlyAes256KeysAreAccepted() {
        assertThrows(IllegalArgumentException.class, () -> AesGcm.key(bytes(16)));
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
