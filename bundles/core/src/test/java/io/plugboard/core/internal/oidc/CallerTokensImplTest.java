package io.plugboard.core.internal.oidc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

import io.plugboard.api.oidc.CallerRejectedException;
import io.plugboard.api.provider.ProviderRegistry;
import io.plugboard.api.resource.Kind;
import io.plugboard.api.resource.Resource;
import io.plugboard.api.resource.ResourceRef;
import io.plugboard.api.resource.ResourceService;
import io.plugboard.api.resource.Scope;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The check of CI jobs' ID tokens against an issuer served on a real port (discovery document and JWKS), with tokens
 * made here: each refusal for the reason it names, and a key rotated at the issuer found by fetching again.
 */
public class CallerTokensImplTest {

    private HttpServer server;
    private String issuer;
    private volatile JWKSet published;
    private final AtomicInteger jwksFetches = new AtomicInteger();
    private final OidcIssuerImplTest.MutableClock clock = new OidcIssuerImplTest.MutableClock(Instant.now());
    private RSAKey key;
    private Resource integration;
    private CallerTokensImpl tokens;

    @Before
    public void setUp() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        published = new JWKSet(key.toPublicJWK());
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/ci";
        server.createContext("/ci/.well-known/openid-configuration", ex -> {
            byte[] body = ("{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/jwks\"}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.createContext("/ci/jwks", ex -> {
            jwksFetches.incrementAndGet();
            byte[] body = published.toString().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        integration = integration(Map.of("enabled", true, "issuer", issuer, "audience", "https://plugboard.example.com",
                "claims", Map.of("repository", "octo/hello", "ref", "refs/heads/*", "environment", List.of("prod", "staging"))));
        tokens = tokens(integration);
    }

    @After
    public void tearDown() {
        server.stop(0);
    }

    private static Resource integration(Map<String, Object> oidc) {
        return new Resource(new ResourceRef(Kind.INTEGRATION, Scope.organization("default"), "ci"), "uid-ci", 1,
                Instant.EPOCH, Instant.EPOCH, Map.of("type", "TYPE_GITHUB", "oidc", oidc), Map.of());
    }

    private CallerTokensImpl tokens(Resource stored) {
        ResourceService resources = (ResourceService) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ResourceService.class}, (proxy, method, args) -> {
                    if (method.getName().equals("get") && args[0] instanceof ResourceRef ref) {
                        return ref.equals(stored.ref()) ? Optional.of(stored) : Optional.empty();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        ProviderRegistry providers = (ProviderRegistry) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ProviderRegistry.class}, (proxy, method, args) -> Optional.empty());
        return new CallerTokensImpl(resources, providers, HttpClient.newHttpClient(), clock, () -> "http://localhost:8181");
    }

    private JWTClaimsSet.Builder claims() {
        Instant now = clock.instant();
        return new JWTClaimsSet.Builder().issuer(issuer).subject("repo:octo/hello:ref:refs/heads/main")
                .audience("https://plugboard.example.com").issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300))).claim("repository", "octo/hello")
                .claim("ref", "refs/heads/main").claim("environment", "prod");
    }

    private static String signed(RSAKey with, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(with));
        return jwt.serialize();
    }

    private void refused(String token, String reasonPart) {
        try {
            tokens.verify(integration.ref(), token);
            fail("accepted, though " + reasonPart);
        } catch (CallerRejectedException e) {
            assertTrue("reason '" + e.getMessage() + "' should name " + reasonPart, e.getMessage().contains(reasonPart));
        }
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    public void aTokenWithTheClaimsIsAccepted() throws Exception {
        assertSame(integration, tokens.verify(integration.ref(), signed(key, claims().build())));
        assertSame(integration, tokens.verify(integration.ref(), signed(key, claims().claim("environment", "staging").build())));
    }

    @Test
    public void oneClaimOffIsRefused() throws Exception {
        refused(signed(key, claims().claim("repository", "octo/other").build()), "claim 'repository'");
        refused(signed(key, claims().claim("ref", "refs/tags/v1").build()), "claim 'ref'");
        refused(signed(key, claims().claim("environment", "dev").build()), "claim 'environment'");
        JWTClaimsSet missing = new JWTClaimsSet.Builder(claims().build()).claim("environment", null).build();
        refused(signed(key, missing), "claim 'environment' is missing");
    }

    @Test
    public void aWrongAudienceIsRefused() throws Exception {
        refused(signed(key, claims().audience("https://someone-else.example.com").build()), "aud");
    }

    @Test
    public void anExpiredTokenIsRefusedAfterTheSkew() throws Exception {
        Instant past = clock.instant().minus(Duration.ofMinutes(10));
        String token = signed(key, claims().issueTime(Date.from(past)).notBeforeTime(Date.from(past))
                .expirationTime(Date.from(clock.instant().minusSeconds(61))).build());
        refused(token, "Expired");
        String withinSkew = signed(key, claims().expirationTime(Date.from(clock.instant().minusSeconds(30))).build());
        tokens.verify(integration.ref(), withinSkew);
        refused(signed(key, claims().notBeforeTime(Date.from(clock.instant().plusSeconds(120))).build()), "before");
        refused(signed(key, new JWTClaimsSet.Builder(claims().build()).expirationTime(null).build()), "exp");
    }

    @Test
    public void anotherIssuersTokenIsRefused() throws Exception {
        refused(signed(key, claims().issuer("https://token.actions.githubusercontent.com").build()), "iss");
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("k1").generate(); // same kid, another key
        refused(signed(stranger, claims().build()), "Invalid signature");
    }

    @Test
    public void algNoneIsRefused() throws Exception {
        String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        refused(header + "." + b64(claims().build().toString()) + ".", "algorithm none");
    }

    @Test
    public void anHs256TokenSignedWithThePublicKeyIsRefused() throws Exception {
        String signingInput = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"k1\"}") + "." + b64(claims().build().toString());
        for (byte[] secret : List.of(key.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8),
                key.toRSAPublicKey().getEncoded())) {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            String token = signingInput + "." + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
            refused(token, "HS256");
        }
    }

    @Test
    public void garbageAndIntegrationsThatTakeNoTokensAreRefused() throws Exception {
        refused("not-a-jwt", "not a JWT");
        try {
            tokens.verify(new ResourceRef(Kind.INTEGRATION, Scope.organization("default"), "other"), signed(key, claims().build()));
            fail("no such integration");
        } catch (CallerRejectedException e) {
            assertTrue(e.getMessage().startsWith("no "));
        }
        Resource disabled = integration(Map.of("enabled", false, "issuer", issuer));
        try {
            tokens(disabled).verify(disabled.ref(), signed(key, claims().build()));
            fail("spec.oidc.enabled is false");
        } catch (CallerRejectedException e) {
            assertTrue(e.getMessage().contains("spec.oidc.enabled"));
        }
    }

    @Test
    public void aKeyRotatedAtTheIssuerIsFetchedOnceForItsUnknownKid() throws Exception {
        tokens.verify(integration.ref(), signed(key, claims().build()));
        assertEquals(1, jwksFetches.get());
        tokens.verify(integration.ref(), signed(key, claims().build()));
        assertEquals("cached", 1, jwksFetches.get());
        RSAKey next = new RSAKeyGenerator(2048).keyID("k2").generate();
        published = new JWKSet(List.of(key.toPublicJWK(), next.toPublicJWK()));
        tokens.verify(integration.ref(), signed(next, claims().build()));
        assertEquals("fetched again for kid k2", 2, jwksFetches.get());
    }

    @Test
    public void claimGlobs() {
        assertTrue(ClaimRules.matches("repo:octo/*:ref:refs/heads/*", "repo:octo/hello:ref:refs/heads/main"));
        assertTrue(ClaimRules.matches("*", ""));
        assertTrue(!ClaimRules.matches("refs/heads/main", "refs/heads/main2"));
        assertTrue("regex characters are literal", !ClaimRules.matches("a.c", "abc"));
        assertEquals(null, ClaimRules.firstMismatch(Map.of("n", 3, "flag", true), Map.of("n", 3L, "flag", true)));
        assertEquals(null, ClaimRules.firstMismatch(Map.of("groups", "admins"), Map.of("groups", List.of("dev", "admins"))));
    }
}
