package io.plugboard.provider.github.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.plugboard.api.provider.ActionException;
import io.plugboard.api.provider.IssuedToken;
import io.plugboard.provider.support.outbound.RecordingApiClient;
import io.plugboard.provider.support.outbound.TestIntegrationContext;
import org.junit.BeforeClass;
import org.junit.Test;

public class GitHubAppCredentialsTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static KeyPair keys;

    private final GitHubAppCredentials credentials = new GitHubAppCredentials(Clock.fixed(NOW, ZoneOffset.UTC));

    @BeforeClass
    public static void generateTheAppsKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
    }

    @Test
    public void anInstallationTokenIsAskedForWithTheAppsJwt() throws Exception {
        RecordingApiClient github = new RecordingApiClient().answer(201,
                "{\"token\": \"ghs_16C7e42F292c6912E7710c838347Ae178B4a\", \"expires_at\": \"2026-12-07T11:00:00Z\"}");
        List<String> assertions = new ArrayList<>();
        IssuedToken token = credentials.issue(TestIntegrationContext.of("gh-app", Map.of()), Map.of("clientId",
                "Iv23liAbc", "installationId", "42", "privateKey", pkcs1Pem()), jwt -> {
                    assertions.add(jwt);
                    return github;
                });

        assertEquals("ghs_16C7e42F292c6912E7710c838347Ae178B4a", token.token());
        assertEquals(Instant.parse("2026-12-07T11:00:00Z"), token.expiresAt());
        assertFalse("the token is not in toString", token.toString().contains("ghs_"));
        assertEquals(List.of("POST app/installations/42/access_tokens"), github.calls);
        assertEquals("{}", github.bodies.get(0));

        SignedJWT jwt = SignedJWT.parse(assertions.get(0));
        assertEquals(JWSAlgorithm.RS256, jwt.getHeader().getAlgorithm());
        assertTrue("signed with the app's private key", jwt.verify(new RSASSAVerifier((RSAPublicKey) keys.getPublic())));
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertEquals("Iv23liAbc", claims.getIssuer());
        assertEquals("iat 60 s in the past", NOW.minusSeconds(60), claims.getIssueTime().toInstant());
        assertEquals("exp within 10 minutes", NOW.plusSeconds(540), claims.getExpirationTime().toInstant());
    }

    @Test
    public void theAppIdServesAsIssuerWithoutAClientIdAndPkcs8KeysAreReadToo() throws Exception {
        RecordingApiClient github = new RecordingApiClient().answer(201, "{\"token\": \"ghs_x\", \"expires_at\": "
                + "\"2026-12-07T11:00:00Z\"}");
        List<String> assertions = new ArrayList<>();
        credentials.issue(TestIntegrationContext.of("gh-app", Map.of()), Map.of("appId", 123456, "installationId", 7,
                "privateKey", pem("PRIVATE KEY", keys.getPrivate().getEncoded())), jwt -> {
                    assertions.add(jwt);
                    return github;
                });
        assertEquals("123456", SignedJWT.parse(assertions.get(0)).getJWTClaimsSet().getIssuer());
        assertEquals(List.of("POST app/installations/7/access_tokens"), github.calls);
    }

    @Test
    public void aPkcs1KeyIsWrappedExactlyAsTheJdkEncodesItsPkcs8Form() {
        byte[] pkcs8 = keys.getPrivate().getEncoded();
        assertArrayEquals(pkcs8, GitHubAppCredentials.pkcs8(pkcs1(pkcs8)));
    }

    @Test
    public void githubsRefusalSaysWhatToCheck() {
        RecordingApiClient github = new RecordingApiClient().answer(404, "{\"message\": \"Not Found\"}");
        ActionException e = assertThrows(ActionException.class, () -> credentials.issue(
                TestIntegrationContext.of("gh-app", Map.of()), Map.of("clientId", "Iv1", "installationId", "99",
                        "privateKey", pkcs1Pem()), jwt -> github));
        assertTrue(e.getMessage(), e.getMessage().contains("installation 99"));
        assertFalse(e.retryable());
    }

    @Test
    public void unusableSettingsAreRefusedBeforeAnythingIsSent() {
        RecordingApiClient github = new RecordingApiClient();
        ActionException notPem = assertThrows(ActionException.class, () -> credentials.issue(TestIntegrationContext.of("a",
                Map.of()), Map.of("clientId", "Iv1", "installationId", "1", "privateKey", "ssh-rsa AAAA"), jwt -> github));
        assertTrue(notPem.getMessage(), notPem.getMessage().contains("not a PEM RSA private key"));
        ActionException garbage = assertThrows(ActionException.class, () -> credentials.issue(TestIntegrationContext.of(
                "a", Map.of()), Map.of("clientId", "Iv1", "installationId", "1", "privateKey",
                "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----"), jwt -> github));
        assertTrue(garbage.getMessage(), garbage.getMessage().contains("cannot be read"));
        ActionException noInstallation = assertThrows(ActionException.class, () -> credentials.issue(
                TestIntegrationContext.of("a", Map.of()), Map.of("clientId", "Iv1", "privateKey", pkcs1Pem()), jwt -> github));
        assertTrue(noInstallation.getMessage(), noInstallation.getMessage().contains("installationId"));
        assertEquals(List.of(), github.calls);
    }

    /** The key as GitHub hands it out: PKCS#1 in PEM. */
    static String pkcs1Pem() {
        return pem("RSA PRIVATE KEY", pkcs1(keys.getPrivate().getEncoded()));
    }

    /** The RSAPrivateKey inside the JDK's PKCS#8 encoding of a 2048-bit key: after its fixed 26-byte header. */
    private static byte[] pkcs1(byte[] pkcs8) {
        return Arrays.copyOfRange(pkcs8, 26, pkcs8.length);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
