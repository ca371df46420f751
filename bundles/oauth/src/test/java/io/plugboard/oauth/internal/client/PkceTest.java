package io.plugboard.oauth.internal.client;

import org.junit.Test;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

public class PkceTest {

    /** RFC 7636 Appendix B: the 32 octets, the verifier they encode to, and its S256 challenge. */
    private static final byte[] RFC_OCTETS = {116, 24, (byte) 223, (byte) 180, (byte) 151, (byte) 153, (byte) 224, 37,
            79, (byte) 250, 96, 125, (byte) 216, (byte) 173, (byte) 187, (byte) 186, 22, (byte) 212, 37, 77, 105,
            (byte) 214, (byte) 191, (byte) 240, 91, 88, 5, 88, 83, (byte) 132, (byte) 141, 121};
    private static final String RFC_VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private static final String RFC_CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    /** Hands out the RFC octets, so create() must reproduce the RFC's verifier and challenge. */
    private static final class FixedRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;

        @Override
        public void nextBytes(byte[] bytes) {
            System.arraycopy(RFC_OCTETS, 0, bytes, 0, bytes.length);
        }
    }

    @Test
    public void challengeMatchesRfc7636AppendixB() {
        assertEquals(RFC_CHALLENGE, Pkce.challengeOf(RFC_VERIFIER));
        Pkce pkce = Pkce.fromVerifier(RFC_VERIFIER);
        assertEquals(RFC_CHALLENGE, pkce.challenge());
        assertEquals("S256", pkce.method());
    }

    @Test
    public void createEncodes32RandomBytesAsTheRfcDoes() {
        Pkce pkce = Pkce.create(new FixedRandom());
        assertEquals(RFC_VERIFIER, pkce.verifier());
        assertEquals(RFC_CHALLENGE, pkce.challenge());
    }

    @Test
    public void createdVerifiersAre43UnpaddedBase64urlCharsAndDiffer() {
        SecureRandom random = new SecureRandom();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            Pkce pkce = Pkce.create(random);
            assertEquals(43, pkce.verifier().length());
            assertTrue(pkce.verifier().matches("[A-Za-z0-9_-]{43}"));
            assertTrue(pkce.challenge().matches("[A-Za-z0-9_-]{43}"));
            assertEquals(Pkce.challengeOf(pkce.verifier()), pkce.challenge());
            assertTrue(seen.add(pkce.verifier()));
        }
    }

    @Test
    public void invalidVerifiersAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Pkce.fromVerifier("too-short"));
        assertThrows(IllegalArgumentException.class, () -> Pkce.fromVerifier(RFC_VERIFIER + "!"));
        assertThrows(IllegalArgumentException.class, () -> Pkce.fromVerifier("a".repeat(129)));
        assertThrows(IllegalArgumentException.class, () -> new Pkce(RFC_VERIFIER, RFC_VERIFIER, "plain"));
    }

    @Test
    public void randomTokensAreBase64urlOfTheRequestedLength() {
        SecureRandom random = new SecureRandom();
        String token = Pkce.randomToken(random, 32);
        assertEquals(43, token.length());
        assertTrue(token.matches("[A-Za-z0-9_-]+"));
        assertEquals(22, Pkce.randomToken(random, 16).length());
        assertNotEquals(token, Pkce.randomToken(random, 32));
        assertThrows(IllegalArgumentException.class, () -> Pkce.randomToken(random, 8));
    }

    @Test
    public void sha256IsLowerCaseHex() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Pkce.sha256("abc"));
        assertEquals(64, Pkce.sha256("state").length());
    }

    @Test
    public void constantTimeEquals() {
        assertTrue(Pkce.constantTimeEquals("nonce-1", "nonce-1"));
        assertFalse(Pkce.constantTimeEquals("nonce-1", "nonce-2"));
        assertFalse(Pkce.constantTimeEquals("nonce-1", null));
    }

    @Test
    public void toStringHidesTheVerifier() {
        Pkce pkce = Pkce.fromVerifier(RFC_VERIFIER);
        assertFalse(pkce.toString().contains(RFC_VERIFIER));
        assertTrue(pkce.toString().contains(RFC_CHALLENGE));
    }
}
