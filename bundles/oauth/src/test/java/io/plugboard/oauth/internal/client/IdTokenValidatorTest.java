package io.plugboard.oauth.internal.client;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

public class IdTokenValidatorTest {

    private static final String CLIENT = "client-1";
    private static final String NONCE = "n-0S6_WzA2Mj";

    private static MockOAuth2Server mock;
    private static OAuthServer mockServer;
    private static RSAKey rsa;
    private static RSAKey rsa2;
    private static ECKey ec;

    private StubServer jwks;
    private MutableClock clock;
    private IdTokenValidator validator;
    private OAuthServer own;

    @BeforeClass
    public static void start() throws Exception {
        mock = new MockOAuth2Server();
        mock.start();
        mockServer = new ServerCatalog().discover(mock.issuerUrl("default").toString());
        rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        rsa2 = new RSAKeyGenerator(2048).keyID("rsa-2").generate();
        ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
    }

    @AfterClass
    public static void stop() {
        mock.shutdown();
    }

    @Before
    public void setUp() throws Exception {
        jwks = new StubServer();
        servePublicKeys(rsa, ec);
        clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
        validator = new IdTokenValidator(HttpClient.newHttpClient(), clock);
        own = new OAuthServer("https://issuer.example", "https://issuer.example/authorize",
                "https://issuer.example/token", null, null, jwks.url("/jwks"), true, false, List.of("openid"));
    }

    @After
    public void tearDown() {
        jwks.close();
    }

    private void servePublicKeys(JWK... keys) {
        String body = new JWKSet(List.of(keys)).toPublicJWKSet().toString();
        jwks.handler = r -> StubServer.Reply.json(200, body);
    }

    // --- tokens minted by mock-oauth2-server, validated against its discovered JWKS --------------------------------

    private static String mockToken(List<String> audience, Map<String, Object> claims, long expirySeconds) {
        return mock.issueToken("default", CLIENT, new DefaultOAuth2TokenCallback("default", "user-1",
                JOSEObjectType.JWT.getType(), audience, claims, expirySeconds)).serialize();
    }

    private static IdTokenValidator realTime() {
        return new IdTokenValidator(HttpClient.newHttpClient(), Clock.systemUTC());
    }

    private static void assertRefused(String expected, ThrowingRunnable validation) {
        OAuthException e = assertThrows(OAuthException.class, validation::run);
        assertTrue("expected '" + expected + "' in: " + e.getMessage(), e.getMessage().contains(expected));
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    public void aTokenOfTheMockServerIsValid() throws Exception {
        String token = mockToken(List.of(CLIENT), Map.of("nonce", NONCE, "name", "Ada", "email", "ada@example.org",
                "email_verified", true), 3600);
        JWTClaimsSet claims = realTime().validate(token, mockServer, CLIENT, NONCE);
        assertEquals("user-1", claims.getSubject());
        assertEquals(Map.of("sub", "user-1", "name", "Ada", "email", "ada@example.org"),
                IdTokenValidator.subject(claims));
        assertEquals(List.of("sub", "name", "email"), List.copyOf(IdTokenValidator.subject(claims).keySet()));
    }

    @Test
    public void wrongNonceIsRefused() {
        String token = mockToken(List.of(CLIENT), Map.of("nonce", "someone-elses"), 3600);
        assertRefused("id_token nonce does not match", () -> realTime().validate(token, mockServer, CLIENT, NONCE));
        String none = mockToken(List.of(CLIENT), Map.of(), 3600);
        assertRefused("id_token has no nonce", () -> realTime().validate(none, mockServer, CLIENT, NONCE));
    }

    @Test
    public void wrongAudienceIsRefused() {
        String token = mockToken(List.of("another-client"), Map.of("nonce", NONCE), 3600);
        assertRefused("id_token audience does not contain the client id",
                () -> realTime().validate(token, mockServer, CLIENT, NONCE));
    }

    @Test
    public void expiredTokenIsRefused() {
        String token = mockToken(List.of(CLIENT), Map.of("nonce", NONCE), -3600);
        assertRefused("id_token has expired", () -> realTime().validate(token, mockServer, CLIENT, NONCE));
    }

    @Test
    public void tokenOfAnotherIssuerIsRefused() {
        // same mock, other issuer: its own key and iss
        String other = mock.issueToken("other", CLIENT, new DefaultOAuth2TokenCallback("other", "user-1",
                "JWT", List.of(CLIENT), Map.of("nonce", NONCE), 3600)).serialize();
        assertRefused("signing key 'other' is not in the server's JWKS",
                () -> realTime().validate(other, mockServer, CLIENT, NONCE));
        // right key, wrong expected issuer
        OAuthServer renamed = new OAuthServer("https://login.example", mockServer.authorizationEndpoint(),
                mockServer.tokenEndpoint(), null, null, mockServer.jwksUri(), true, false, List.of());
        String token = mockToken(List.of(CLIENT), Map.of("nonce", NONCE), 3600);
        assertRefused("id_token issuer does not match", () -> realTime().validate(token, renamed, CLIENT, NONCE));
    }

    @Test
    public void forgedTokenSignedByAnotherKeyIsRefused() throws Exception {
        // same kid as the mock's key, same claims shape, but signed with our own key
        String kid = JWKSet.load(new java.net.URL(mockServer.jwksUri())).getKeys().get(0).getKeyID();
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(mockServer.issuer()).subject("user-1")
                .audience(CLIENT).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)))
                .claim("nonce", NONCE).build();
        String forged = sign(rsa, JWSAlgorithm.RS256, kid, claims);
        assertRefused("id_token signature is invalid", () -> realTime().validate(forged, mockServer, CLIENT, NONCE));
    }

    // --- tokens minted with our own keys, served from a stub JWKS -----------------------------------------------

    private JWTClaimsSet.Builder claims() {
        Instant now = clock.instant();
        return new JWTClaimsSet.Builder().issuer("https://issuer.example").subject("user-1").audience(CLIENT)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600))).claim("nonce", NONCE);
    }

    private static String sign(JWK key, JWSAlgorithm alg, String kid, JWTClaimsSet claims) throws Exception {
        JWSSigner signer = key instanceof RSAKey r ? new RSASSASigner(r) : new ECDSASigner((ECKey) key);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    @Test
    public void rsaPssAndEcdsaSignaturesAreAccepted() throws Exception {
        assertEquals("user-1", validator.validate(sign(rsa, JWSAlgorithm.RS256, "rsa-1", claims().build()), own,
                CLIENT, NONCE).getSubject());
        validator.validate(sign(rsa, JWSAlgorithm.PS256, "rsa-1", claims().build()), own, CLIENT, NONCE);
        validator.validate(sign(ec, JWSAlgorithm.ES256, "ec-1", claims().build()), own, CLIENT, NONCE);
        // no kid: every key of the right type is tried
        validator.validate(sign(ec, JWSAlgorithm.ES256, null, claims().build()), own, CLIENT, NONCE);
        assertEquals("one JWKS fetch, then the cache", 1, jwks.requests.size());
        // an ES256 token cannot borrow the RSA key, an RS256 token cannot name the EC key
        String mismatched = sign(rsa, JWSAlgorithm.RS256, "ec-1", claims().build());
        assertRefused("signing key 'ec-1' is not in the server's JWKS",
                () -> validator.validate(mismatched, own, CLIENT, NONCE));
    }

    @Test
    public void unsignedAndHmacTokensAreRefused() throws Exception {
        String none = new PlainJWT(claims().build()).serialize();
        assertRefused("unsigned (alg none)", () -> validator.validate(none, own, CLIENT, NONCE));

        // HS256 with the RSA public modulus as the "secret": the classic key-confusion attack
        SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1").build(),
                claims().build());
        hmac.sign(new MACSigner(rsa.toPublicJWK().getModulus().decode()));
        assertRefused("HMAC", () -> validator.validate(hmac.serialize(), own, CLIENT, NONCE));

        assertRefused("not a valid JWT", () -> validator.validate("not-a-jwt", own, CLIENT, NONCE));
    }

    @Test
    public void multipleAudiencesNeedTheClientAsAzp() throws Exception {
        String noAzp = sign(rsa, JWSAlgorithm.RS256, "rsa-1", claims().audience(List.of(CLIENT, "api")).build());
        assertRefused("several audiences but no azp", () -> validator.validate(noAzp, own, CLIENT, NONCE));
        String otherAzp = sign(rsa, JWSAlgorithm.RS256, "rsa-1",
                claims().audience(List.of(CLIENT, "api")).claim("azp", "api").build());
        assertRefused("azp does not match", () -> validator.validate(otherAzp, own, CLIENT, NONCE));
        String good = sign(rsa, JWSAlgorithm.RS256, "rsa-1",
                claims().audience(List.of(CLIENT, "api")).claim("azp", CLIENT).build());
        validator.validate(good, own, CLIENT, NONCE);
    }

    @Test
    public void timeClaimsAreCheckedWithSixtySecondsOfSkew() throws Exception {
        Instant now = clock.instant();
        String justExpired = sign(rsa, JWSAlgorithm.RS256, "rsa-1",
                claims().expirationTime(Date.from(now.minusSeconds(30))).build());
        validator.validate(justExpired, own, CLIENT, NONCE);
        String expired = sign(rsa, JWSAlgorithm.RS256, "rsa-1",
                claims().expirationTime(Date.from(now.minusSeconds(90))).build());
        assertRefused("id_token has expired", () -> validator.validate(expired, own, CLIENT, NONCE));

        String noIat = sign(rsa, JWSAlgorithm.RS256, "rsa-1", claims().issueTime(null).build());
        assertRefused("no issue time (iat)", () -> validator.validate(noIat, own, CLIENT, NONCE));
        String futureIat = sign(rsa, JWSAlgorithm.RS256, "rsa-1",
                claims().issueTime(Date.from(now.plusSeconds(300))).build());
        assertRefused("iat) is in the future", () -> validator.validate(futureIat, own, CLIENT, NONCE));
        String noExp = sign(rsa, JWSAlgorithm.RS256, "rsa-1", claims().expirationTime(null).build());
        assertRefused("no expiry", () -> validator.validate(noExp, own, CLIENT, NONCE));
        String notYet = sign(rsa, JWSAlgorithm.RS256, "rsa-1",
                claims().notBeforeTime(Date.from(now.plusSeconds(300))).build());
        assertRefused("not valid yet", () -> validator.validate(notYet, own, CLIENT, NONCE));
    }

    @Test
    public void subjectAndNonceAreRequired() throws Exception {
        String noSub = sign(rsa, JWSAlgorithm.RS256, "rsa-1", claims().subject(null).build());
        assertRefused("no subject", () -> validator.validate(noSub, own, CLIENT, NONCE));
        String token = sign(rsa, JWSAlgorithm.RS256, "rsa-1", claims().claim("nonce", null).build());
        assertRefused("no nonce", () -> validator.validate(token, own, CLIENT, NONCE));
        // a refreshed id_token carries no nonce: the caller passes null
        validator.validate(token, own, CLIENT, null);
    }

    @Test
    public void rotatedKeysAreFetchedAgain() throws Exception {
        validator.validate(sign(rsa, JWSAlgorithm.RS256, "rsa-1", claims().build()), own, CLIENT, NONCE);
        servePublicKeys(rsa2);
        String rotated = sign(rsa2, JWSAlgorithm.RS256, "rsa-2", claims().build());
        // within the minimum interval the cached set is kept: unknown key
        assertRefused("signing key 'rsa-2' is not in the server's JWKS",
                () -> validator.validate(rotated, own, CLIENT, NONCE));
        assertEquals(1, jwks.requests.size());
        clock.advance(Duration.ofSeconds(31));
        validator.validate(rotated, own, CLIENT, NONCE);
        assertEquals(2, jwks.requests.size());
    }

    @Test
    public void serverWithoutJwksOrIssuerCannotValidate() {
        OAuthServer noJwks = new OAuthServer("https://issuer.example", "https://issuer.example/a",
                "https://issuer.example/t", null, null, null, false, false, List.of());
        assertRefused("no jwks_uri", () -> validator.validate("a.b.c", noJwks, CLIENT, NONCE));
        jwks.handler = r -> StubServer.Reply.json(500, "{}");
        assertRefused("HTTP 500", () -> validator.validate(sign(rsa, JWSAlgorithm.RS256, "rsa-1", claims().build()),
                own, CLIENT, NONCE));
    }

    @Test
    public void microsoftTenantTemplateUsesTheTokensTid() throws Exception {
        String tid = "9188040d-6c67-4c5b-b112-36a304b66dad";
        OAuthServer microsoft = new OAuthServer("https://login.microsoftonline.com/{tenantid}/v2.0",
                "https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
                "https://login.microsoftonline.com/common/oauth2/v2.0/token", null, null, jwks.url("/jwks"), true,
                false, List.of("openid"));
        String good = sign(rsa, JWSAlgorithm.RS256, "rsa-1", claims()
                .issuer("https://login.microsoftonline.com/" + tid + "/v2.0").claim("tid", tid).build());
        validator.validate(good, microsoft, CLIENT, NONCE);
        String mismatch = sign(rsa, JWSAlgorithm.RS256, "rsa-1", claims()
                .issuer("https://login.microsoftonline.com/" + tid + "/v2.0")
                .claim("tid", "00000000-0000-0000-0000-000000000001").build());
        assertRefused("issuer does not match", () -> validator.validate(mismatch, microsoft, CLIENT, NONCE));
        String noTid = sign(rsa, JWSAlgorithm.RS256, "rsa-1", claims()
                .issuer("https://login.microsoftonline.com/" + tid + "/v2.0").build());
        assertRefused("no valid tid", () -> validator.validate(noTid, microsoft, CLIENT, NONCE));
    }

    @Test
    public void userinfoErrors() throws Exception {
        OAuthServer withUserinfo = new OAuthServer("https://issuer.example", "https://issuer.example/a",
                "https://issuer.example/t", null, jwks.url("/userinfo"), jwks.url("/jwks"), true, false, List.of());
        jwks.handler = r -> new StubServer.Reply(401, Map.of("WWW-Authenticate",
                "Bearer realm=\"x\", error=\"invalid_token\", error_description=\"token at-123 expired\""), "");
        OAuthErrorException e = assertThrows(OAuthErrorException.class,
                () -> validator.userinfo(withUserinfo, "at-123"));
        assertEquals("invalid_token", e.error());
        assertEquals("Bearer at-123", jwks.last().header("Authorization"));
        assertTrue(e.getMessage(), !e.getMessage().contains("at-123"));

        OAuthException bad = assertThrows(OAuthException.class,
                () -> validator.userinfo(withUserinfo, "at-123\r\nX-Injected: 1"));
        assertTrue(!bad.getMessage().contains("at-123"));

        jwks.handler = r -> StubServer.Reply.json(200, "{\"name\":\"no sub\"}");
        assertRefused("no sub", () -> validator.userinfo(withUserinfo, "at-123"));
        assertRefused("no userinfo endpoint", () -> validator.userinfo(own, "at-123"));
    }
}
