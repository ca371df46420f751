package io.plugboard.oauth.internal.client;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates OpenID Connect id_tokens (Core 3.1.3.7) against the server's JWKS, and reads userinfo.
 *
 * <p>Accepted signatures: RS256/384/512, PS256/384/512, ES256/384/512 with a matching key of the server's JWKS.
 * Unsigned ({@code alg: none}), HMAC-signed and encrypted tokens are refused. The JWKS is fetched with the JDK
 * HttpClient and cached per URI for {@link #JWKS_TTL}; a token naming an unknown {@code kid} makes it fetch again
 * (key rotation), at most every {@link #JWKS_MIN_REFETCH}. Thread-safe.
 */
public final class IdTokenValidator {

    public static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
    public static final Duration JWKS_TTL = Duration.ofHours(1);
    public static final Duration JWKS_MIN_REFETCH = Duration.ofSeconds(30);
    /** The signature algorithms accepted. */
    public static final Set<JWSAlgorithm> ALGORITHMS = Set.of(
            JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);
    /** The OpenID Connect standard claims {@link #subject} and {@link #userinfo} return, when present as strings. */
    public static final List<String> STANDARD_CLAIMS = List.of("sub", "name", "email", "picture", "profile",
            "preferred_username");

    private static final Logger LOG = LoggerFactory.getLogger(IdTokenValidator.class);
    private static final Pattern TENANT_ID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
            + "[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** RFC 6750 b64token, which is what may follow "Bearer " in a header. */
    private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");
    private static final Pattern AUTH_PARAM = Pattern.compile("(error|error_description)=\"([^\"]*)\"");

    private record Keys(JWKSet set, Instant fetchedAt) {
    }

    private final HttpClient http;
    private final Clock clock;
    private final Map<String, Keys> jwksCache = new ConcurrentHashMap<>();

    /** The JDK HttpClient (10 s connect, 20 s per request, no redirects) and the system clock. */
    public IdTokenValidator() {
        this(EndpointClient.defaultClient(), Clock.systemUTC());
    }

    public IdTokenValidator(HttpClient http, Clock clock) {
        this.http = Objects.requireNonNull(http, "http");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Validates an id_token and returns its claims.
     *
     * <p>Checks, in order: a signed JWT with an accepted algorithm; the signature with the server's JWKS; {@code iss}
     * equals {@link OAuthServer#issuer()} (Microsoft's {@code {tenantid}} template filled with the token's
     * {@code tid}); {@code sub} present; {@code aud} contains the client id (with several audiences, {@code azp} is
     * required; when present it must be the client id); {@code exp} not passed, {@code iat} present and {@code nbf}
     * reached, each with {@link #CLOCK_SKEW}; {@code nonce} equals the expected one.
     *
     * @param expectedNonce the nonce sent in the authorization request; null skips the nonce check (refresh)
     * @throws OAuthException naming the failed check, e.g. "id_token nonce does not match"
     */
    public JWTClaimsSet validate(String idToken, OAuthServer server, String clientId, String expectedNonce)
            throws OAuthException {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(clientId, "clientId");
        if (idToken == null || idToken.isEmpty()) {
            throw new OAuthException("id_token is missing");
        }
        if (server.issuer() == null) {
            throw new OAuthException("the server has no issuer; its id_tokens cannot be validated");
        }
        if (server.jwksUri() == null) {
            throw new OAuthException("the server has no jwks_uri; its id_tokens cannot be validated");
        }
        JWT jwt;
        try {
            jwt = JWTParser.parse(idToken);
        } catch (ParseException e) {
            throw new OAuthException("id_token is not a valid JWT");
        }
        if (jwt instanceof PlainJWT) {
            throw new OAuthException("id_token is unsigned (alg none); refused");
        }
        if (!(jwt instanceof SignedJWT signed)) {
            throw new OAuthException("id_token is encrypted; encrypted id_tokens are not supported");
        }
        JWSAlgorithm alg = signed.getHeader().getAlgorithm();
        if (JWSAlgorithm.Family.HMAC_SHA.contains(alg)) {
            throw new OAuthException("id_token is signed with " + alg + " (HMAC); refused, only the server's public"
                    + " keys are trusted");
        }
        if (!ALGORITHMS.contains(alg)) {
            throw new OAuthException("id_token signature algorithm " + alg + " is not supported");
        }
        verifySignature(signed, server.jwksUri());

        JWTClaimsSet claims;
        try {
            claims = signed.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new OAuthException("id_token claims are not valid");
        }
        checkClaims(claims, server, clientId, expectedNonce);
        return claims;
    }

    /** The standard claims ({@link #STANDARD_CLAIMS}) of an id_token that are strings, in that order. */
    public static Map<String, String> subject(JWTClaimsSet claims) {
        return standardClaims(claims::getClaim);
    }

    /**
     * Reads the userinfo endpoint with the access token (GET, {@code Authorization: Bearer}).
     *
     * @return the standard claims ({@link #STANDARD_CLAIMS}) that are strings; {@code sub} is always there. The
     *         caller should check it equals the id_token's {@code sub} (OpenID Connect Core 5.3.2)
     * @throws OAuthErrorException for a {@code WWW-Authenticate: Bearer error="invalid_token"} answer
     * @throws OAuthException      when the server has no userinfo endpoint, or for any other failure
     */
    public Map<String, String> userinfo(OAuthServer server, String accessToken) throws OAuthException {
        Objects.requireNonNull(server, "server");
        if (server.userinfoEndpoint() == null) {
            throw new OAuthException("the server has no userinfo endpoint");
        }
        if (accessToken == null || !B64TOKEN.matcher(accessToken).matches()) {
            // never let the HttpClient quote an invalid header value in its exception
            throw new OAuthException("the access token cannot be sent in an Authorization header");
        }
        URI endpoint = EndpointClient.endpoint(server.userinfoEndpoint(), "userinfo endpoint");
        EndpointClient.Answer answer = EndpointClient.send(http, EndpointClient.request(endpoint)
                .header("Authorization", "Bearer " + accessToken)
                .header("Accept", "application/json")
                .GET().build(), "userinfo endpoint");
        if (!answer.ok()) {
            String challenge = answer.headers().firstValue("WWW-Authenticate").orElse("");
            Map<String, String> params = new LinkedHashMap<>();
            Matcher m = AUTH_PARAM.matcher(challenge);
            while (m.find()) {
                params.putIfAbsent(m.group(1), TokenClient.scrub(m.group(2), List.of(accessToken)));
            }
            if (params.containsKey("error")) {
                throw new OAuthErrorException(params.get("error"), params.get("error_description"), answer.status());
            }
            throw new OAuthException("userinfo endpoint answered HTTP " + answer.status());
        }
        if (answer.mediaType().equals("application/jwt")) {
            throw new OAuthException("signed or encrypted userinfo answers are not supported");
        }
        Map<String, Object> body = EndpointClient.jsonObject(answer.body());
        if (body == null) {
            throw new OAuthException("userinfo endpoint did not answer a JSON object");
        }
        if (!(body.get("sub") instanceof String sub) || sub.isEmpty()) {
            throw new OAuthException("userinfo answer has no sub");
        }
        return standardClaims(body::get);
    }

    private static Map<String, String> standardClaims(Function<String, Object> claims) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : STANDARD_CLAIMS) {
            if (claims.apply(name) instanceof String value && !value.isEmpty()) {
                out.put(name, value);
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private void verifySignature(SignedJWT signed, String jwksUri) throws OAuthException {
        JWSHeader header = signed.getHeader();
        List<JWK> candidates = candidates(jwks(jwksUri, false), header);
        if (candidates.isEmpty()) {
            candidates = candidates(jwks(jwksUri, true), header);
        }
        if (candidates.isEmpty()) {
            throw new OAuthException(header.getKeyID() != null
                    ? "id_token signing key '" + header.getKeyID() + "' is not in the server's JWKS"
                    : "the server's JWKS has no key for " + header.getAlgorithm());
        }
        for (JWK key : candidates) {
            try {
                JWSVerifier verifier = key instanceof RSAKey rsa ? new RSASSAVerifier(rsa)
                        : new ECDSAVerifier((ECKey) key);
                if (signed.verify(verifier)) {
                    return;
                }
            } catch (JOSEException e) {
                LOG.debug("id_token verification with key {} failed: {}", key.getKeyID(), e.getMessage());
            }
        }
        throw new OAuthException("id_token signature is invalid");
    }

    /** Keys that may have made this signature: same kid (when the token names one), type, curve, use and alg. */
    private static List<JWK> candidates(JWKSet set, JWSHeader header) {
        JWSAlgorithm alg = header.getAlgorithm();
        String kid = header.getKeyID();
        List<JWK> out = new ArrayList<>();
        for (JWK key : set.getKeys()) {
            if (kid != null && !kid.equals(key.getKeyID())) {
                continue;
            }
            if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
                continue;
            }
            if (key.getAlgorithm() != null && !alg.getName().equals(key.getAlgorithm().getName())) {
                continue;
            }
            if (key.getKeyOperations() != null && !key.getKeyOperations().contains(KeyOperation.VERIFY)) {
                continue;
            }
            boolean fits = JWSAlgorithm.Family.RSA.contains(alg) ? key instanceof RSAKey
                    : key instanceof ECKey ec && Curve.forJWSAlgorithm(alg).contains(ec.getCurve());
            if (fits) {
                out.add(key);
            }
        }
        return out;
    }

    private JWKSet jwks(String uri, boolean refetch) throws OAuthException {
        Instant now = clock.instant();
        Keys cached = jwksCache.get(uri);
        if (cached != null) {
            boolean fresh = now.isBefore(cached.fetchedAt().plus(JWKS_TTL));
            boolean recent = now.isBefore(cached.fetchedAt().plus(JWKS_MIN_REFETCH));
            if ((!refetch && fresh) || (refetch && recent)) {
                return cached.set();
            }
        }
        URI endpoint = EndpointClient.endpoint(uri, "jwks_uri");
        String what = "JWKS endpoint " + endpoint.getHost();
        EndpointClient.Answer answer = EndpointClient.send(http, EndpointClient.request(endpoint)
                .header("Accept", "application/jwk-set+json, application/json").GET().build(), what);
        if (answer.status() != 200) {
            throw new OAuthException(what + " answered HTTP " + answer.status());
        }
        JWKSet set;
        try {
            set = JWKSet.parse(new String(answer.body(), StandardCharsets.UTF_8));
        } catch (ParseException e) {
            throw new OAuthException(what + " did not answer a valid JWK set");
        }
        jwksCache.put(uri, new Keys(set, now));
        LOG.debug("Fetched {} keys from {}", set.getKeys().size(), uri);
        return set;
    }

    private void checkClaims(JWTClaimsSet claims, OAuthServer server, String clientId, String expectedNonce)
            throws OAuthException {
        String expectedIssuer = server.issuer();
        if (server.hasTenantTemplate()) {
            if (!(claims.getClaim("tid") instanceof String tid) || !TENANT_ID.matcher(tid).matches()) {
                throw new OAuthException("id_token has no valid tid for the multi-tenant issuer");
            }
            expectedIssuer = expectedIssuer.replace(ServerCatalog.TENANT_PLACEHOLDER, tid);
        }
        if (!expectedIssuer.equals(claims.getIssuer())) {
            throw new OAuthException("id_token issuer does not match: '" + claims.getIssuer() + "', expected '"
                    + expectedIssuer + "'");
        }
        if (claims.getSubject() == null || claims.getSubject().isEmpty()) {
            throw new OAuthException("id_token has no subject (sub)");
        }
        List<String> audience = claims.getAudience();
        if (audience == null || !audience.contains(clientId)) {
            throw new OAuthException("id_token audience does not contain the client id");
        }
        String azp = stringClaim(claims, "azp");
        if (audience.size() > 1 && azp == null) {
            throw new OAuthException("id_token has several audiences but no azp");
        }
        if (azp != null && !azp.equals(clientId)) {
            throw new OAuthException("id_token azp does not match the client id");
        }
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw new OAuthException("id_token has no expiry (exp)");
        }
        if (now.isAfter(exp.toInstant().plus(CLOCK_SKEW))) {
            throw new OAuthException("id_token has expired");
        }
        Date iat = claims.getIssueTime();
        if (iat == null) {
            throw new OAuthException("id_token has no issue time (iat)");
        }
        if (iat.toInstant().isAfter(now.plus(CLOCK_SKEW))) {
            throw new OAuthException("id_token issue time (iat) is in the future");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && nbf.toInstant().isAfter(now.plus(CLOCK_SKEW))) {
            throw new OAuthException("id_token is not valid yet (nbf)");
        }
        if (expectedNonce != null) {
            String nonce = stringClaim(claims, "nonce");
            if (nonce == null) {
                throw new OAuthException("id_token has no nonce");
            }
            if (!Pkce.constantTimeEquals(nonce, expectedNonce)) {
                throw new OAuthException("id_token nonce does not match");
            }
        }
    }

    private static String stringClaim(JWTClaimsSet claims, String name) throws OAuthException {
        try {
            return claims.getStringClaim(name);
        } catch (ParseException e) {
            throw new OAuthException("id_token claim " + name + " is not a string");
        }
    }
}
