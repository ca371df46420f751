package io.plugboard.core.internal.oidc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;

import io.plugboard.api.oidc.SigningKey;
import io.plugboard.api.provider.IssuedToken;
import io.plugboard.api.resource.Kind;
import io.plugboard.api.resource.Resource;
import io.plugboard.api.resource.ResourceRef;
import io.plugboard.api.resource.Scope;
import io.plugboard.core.internal.CoreConfiguration;
import io.plugboard.core.internal.TestConfigs;
import io.plugboard.core.internal.crypto.KeyRing;
import io.plugboard.core.internal.storage.SchemaMigrator;
import io.plugboard.core.internal.storage.Transactions;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.Test;

public class OidcIssuerImplTest {

    static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override public Instant instant() { return now; }
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
    }

    private final JdbcDataSource dataSource = h2();
    private final Transactions jdbc = new Transactions(dataSource);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T12:00:00Z"));

    static JdbcDataSource h2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:oidc-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        SchemaMigrator.migrate(ds);
        return ds;
    }

    static CoreConfiguration config(String issuer, long publishSeconds, long lifetimeSeconds) {
        return TestConfigs.core(Map.of("oidcIssuer", issuer, "oidcKeyPublishSeconds", publishSeconds,
                "oidcTokenLifetimeSeconds", lifetimeSeconds, "connectionProbeInterval", 0L, "resourceCacheMillis", 0L));
    }

    private OidcIssuerImpl node() {
        KeyRing keys = new KeyRing(new SecretKeySpec(new byte[32], "AES"), new SecureRandom());
        keys.load(jdbc);
        return new OidcIssuerImpl(jdbc, keys, clock, config("https://plugboard.example.com/oidc/", 600, 300),
                () -> "http://localhost:8181");
    }

    static Resource integration(String organization, String canvas, String name) {
        return new Resource(new ResourceRef(Kind.INTEGRATION, Scope.of(organization, canvas), name), "uid-" + name, 3,
                Instant.EPOCH, Instant.EPOCH, Map.of("type", "TYPE_AWS"), Map.of());
    }

    private static JWKSet jwks(OidcIssuerImpl issuer) throws Exception {
        return JWKSet.parse(issuer.jwks());
    }

    private static boolean verifies(String token, JWKSet jwks) throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        RSAKey key = (RSAKey) jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
        return key != null && jwt.verify(new RSASSAVerifier(key));
    }

    @Test
    public void aTokenCarriesTheDocumentedClaimsAndVerifiesWithThePublishedKey() throws Exception {
        OidcIssuerImpl issuer = node();
        assertEquals("trailing slash dropped", "https://plugboard.example.com/oidc", issuer.issuer());
        assertEquals("/oidc", OidcIssuerImpl.issuerPath(issuer.issuer()));
        assertEquals("https://plugboard.example.com/oidc/.well-known/jwks.json", issuer.discovery().get("jwks_uri"));
        assertEquals(List.of("RS256"), issuer.discovery().get("id_token_signing_alg_values_supported"));

        IssuedToken issued = issuer.mint(integration("acme", "canvas-1", "aws-lambda"), Map.of("audience", "sts.amazonaws.com",
                "lifetimeSeconds", 120, "claims", Map.of("team", "platform", "sub", "attempt to override")));
        SignedJWT jwt = SignedJWT.parse(issued.token());
        assertEquals("RS256", jwt.getHeader().getAlgorithm().getName());
        assertEquals("JWT", jwt.getHeader().getType().getType());
        var claims = jwt.getJWTClaimsSet();
        assertEquals("https://plugboard.example.com/oidc", claims.getIssuer());
        assertEquals("org:acme:canvas:canvas-1:integration:aws-lambda", claims.getSubject());
        assertEquals(List.of("sts.amazonaws.com"), claims.getAudience());
        assertEquals(clock.instant(), claims.getIssueTime().toInstant());
        assertEquals(clock.instant(), claims.getNotBeforeTime().toInstant());
        assertEquals(clock.instant().plusSeconds(120), claims.getExpirationTime().toInstant());
        assertEquals(issued.expiresAt(), claims.getExpirationTime().toInstant());
        assertNotEquals(null, claims.getJWTID());
        assertEquals("platform", claims.getStringClaim("team"));
        assertEquals("acme", claims.getStringClaim("organization"));
        assertEquals("aws-lambda", claims.getStringClaim("integration"));
        assertEquals("canvas-1", claims.getStringClaim("canvas_id"));
        assertTrue(verifies(issued.token(), jwks(issuer)));
        assertFalse("the JWKS holds public halves only", issuer.jwks().toString().contains("\"d\""));
    }

    @Test
    public void theLifetimeIsAtMostFifteenMinutesAndTheSubjectOfAnOrganizationsIntegrationHasNoCanvas() throws Exception {
        OidcIssuerImpl issuer = node();
        IssuedToken issued = issuer.mint(integration("default", null, "ci"), Map.of("audience", "x", "lifetimeSeconds", 86400));
        var claims = SignedJWT.parse(issued.token()).getJWTClaimsSet();
        assertEquals(clock.instant().plus(Duration.ofMinutes(15)), claims.getExpirationTime().toInstant());
        assertEquals("org:default:integration:ci", claims.getSubject());
        assertNull(claims.getClaim("canvas_id"));
        IssuedToken byDefault = issuer.mint(integration("default", null, "ci"), Map.of("audience", "x"));
        assertEquals(clock.instant().plusSeconds(300), byDefault.expiresAt());
    }

    @Test(expected = IllegalArgumentException.class)
    public void noAudienceNoToken() {
        node().mint(integration("default", null, "ci"), Map.of());
    }

    @Test
    public void thePrivateKeyIsSealedAndEveryNodeSignsWithTheSameKey() throws Exception {
        OidcIssuerImpl a = node();
        OidcIssuerImpl b = node();
        String tokenA = a.mint(integration("default", null, "ci"), Map.of("audience", "x")).token();
        String tokenB = b.mint(integration("default", null, "ci"), Map.of("audience", "x")).token();
        assertEquals(SignedJWT.parse(tokenA).getHeader().getKeyID(), SignedJWT.parse(tokenB).getHeader().getKeyID());
        assertTrue(verifies(tokenB, jwks(a)));
        try (Statement st = dataSource.getConnection().createStatement();
             ResultSet rs = st.executeQuery("SELECT sealed_jwk, public_jwk FROM plugboard_oidc_key")) {
            assertTrue(rs.next());
            RSAKey stored = RSAKey.parse(rs.getString(2));
            assertFalse("the public row has no private part", stored.isPrivate());
            assertFalse("sealed: no JSON in the column", rs.getString(1).contains("\"kty\""));
            assertFalse("one key", rs.next());
        }
    }

    /**
     * A rotation: the new key is in the JWKS before it signs; tokens of the old key verify against every JWKS published
     * until they expire; the old key leaves after that.
     */
    @Test
    public void aRotationPublishesTheNewKeyFirstAndKeepsTheOldOneUntilItsTokensExpire() throws Exception {
        OidcIssuerImpl issuer = node();
        String before = issuer.mint(integration("default", null, "ci"), Map.of("audience", "x", "lifetimeSeconds", 900)).token();
        String oldKid = SignedJWT.parse(before).getHeader().getKeyID();
        JWKSet cachedByVerifier = jwks(issuer);

        SigningKey next = issuer.rotate();
        assertEquals(SigningKey.State.NEXT, next.state());
        assertEquals(clock.instant().plusSeconds(600), next.signsFrom());
        assertEquals("both published", 2, jwks(issuer).getKeys().size());
        clock.advance(Duration.ofSeconds(599));
        String stillOld = issuer.mint(integration("default", null, "ci"), Map.of("audience", "x", "lifetimeSeconds", 900)).token();
        assertEquals("the old key signs until the new one may", oldKid, SignedJWT.parse(stillOld).getHeader().getKeyID());
        cachedByVerifier = jwks(issuer); // a verifier fetches the JWKS now and caches it
        clock.advance(Duration.ofSeconds(1));
        String after = issuer.mint(integration("default", null, "ci"), Map.of("audience", "x")).token();
        assertEquals(next.kid(), SignedJWT.parse(after).getHeader().getKeyID());
        assertTrue("the verifier's cached JWKS has the new key already", verifies(after, cachedByVerifier));
        assertTrue(verifies(stillOld, jwks(issuer)));
        List<SigningKey> keys = issuer.keys();
        assertEquals(SigningKey.State.RETIRING, keys.get(0).state());
        assertEquals(SigningKey.State.ACTIVE, keys.get(1).state());
        assertEquals(clock.instant().plus(Duration.ofMinutes(16)), keys.get(0).publishedUntil());

        clock.advance(Duration.ofMinutes(16).minusSeconds(1));
        assertTrue("the last old token (15 min) still verifies", verifies(stillOld, jwks(issuer)));
        clock.advance(Duration.ofSeconds(1));
        assertEquals("gone once its tokens have expired", 1, jwks(issuer).getKeys().size());
        assertEquals(next.kid(), jwks(issuer).getKeys().get(0).getKeyID());
    }

    @Test
    public void twoRotationsInARowLeaveOneKeyToSign() throws Exception {
        OidcIssuerImpl issuer = node();
        issuer.mint(integration("default", null, "ci"), Map.of("audience", "x"));
        SigningKey first = issuer.rotate();
        clock.advance(Duration.ofSeconds(10));
        SigningKey second = issuer.rotate();
        clock.advance(Duration.ofSeconds(600));
        String token = issuer.mint(integration("default", null, "ci"), Map.of("audience", "x")).token();
        assertEquals(second.kid(), SignedJWT.parse(token).getHeader().getKeyID());
        assertEquals(1, issuer.keys().stream().filter(k -> k.state() == SigningKey.State.ACTIVE).count());
        assertTrue(issuer.keys().stream().anyMatch(k -> k.kid().equals(first.kid())));
    }
}
