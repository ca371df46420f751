package io.plugboard.core.internal.oidc;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import io.plugboard.api.oidc.CallerRejectedException;
import io.plugboard.api.oidc.CallerTokens;
import io.plugboard.api.provider.ProviderRegistry;
import io.plugboard.api.resource.Kind;
import io.plugboard.api.resource.Resource;
import io.plugboard.api.resource.ResourceRef;
import io.plugboard.api.resource.ResourceService;
import io.plugboard.api.server.PublicUrl;
import io.plugboard.api.resource.IntegrationTypes;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The check of ID tokens CI jobs present for integrations with {@code spec.oidc.enabled: true}, with nimbus:
 * <ul>
 *   <li>the trusted issuer: {@code spec.oidc.issuer}, else the provider's {@code ciIssuer} for the integration's URL;</li>
 *   <li>its keys: the {@code jwks_uri} of its discovery document (fetched once an hour, and its {@code issuer} must be
 *       that issuer), cached for {@value #JWKS_TTL_MINUTES} minutes and fetched again for an unknown {@code kid} at
 *       most every {@value #JWKS_MIN_REFETCH_SECONDS} seconds;</li>
 *   <li>an asymmetric signature ({@link #ALGORITHMS}: never {@code none}, never an HMAC);</li>
 *   <li>{@code iss}, {@code aud} ({@code spec.oidc.audience}, else Plugboard's public URL), {@code exp} (required),
 *       {@code nbf}, with {@value #SKEW_SECONDS} s of skew; then every claim of {@code spec.oidc.claims}.</li>
 * </ul>
 */
@Component(service = CallerTokens.class)
public class CallerTokensImpl implements CallerTokens {

    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384,
            JWSAlgorithm.ES512, JWSAlgorithm.EdDSA);
    static final int SKEW_SECONDS = 60;
    static final long JWKS_TTL_MINUTES = 15;
    static final long JWKS_MIN_REFETCH_SECONDS = 30;
    private static final Duration DISCOVERY_TTL = Duration.ofHours(1);
    private static final Duration DISCOVERY_FAILURE_TTL = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ResourceService resources;
    private final ProviderRegistry providers;
    private final HttpClient http;
    private final Clock clock;
    private final Map<String, Issuer> issuers = new ConcurrentHashMap<>();
    private final PublicUrl publicUrl;

    /** What is known of one trusted issuer: its keys, or why they could not be found (until {@code until}). */
    private record Issuer(JWKSource<SecurityContext> keys, String failure, long until) {
    }

    @Activate
    public CallerTokensImpl(@Reference ResourceService resources, @Reference ProviderRegistry providers,
                            @Reference PublicUrl publicUrl) {
        this(resources, providers, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NORMAL).build(), Clock.systemUTC(), publicUrl);
    }

    CallerTokensImpl(ResourceService resources, ProviderRegistry providers, HttpClient http, Clock clock, PublicUrl publicUrl) {
        this.resources = resources;
        this.providers = providers;
        this.http = http;
        this.clock = clock;
        this.publicUrl = publicUrl;
    }

    @Override
    public Resource verify(ResourceRef ref, String token) throws CallerRejectedException {
        if (ref.kind() != Kind.INTEGRATION) {
            throw new CallerRejectedException(ref + " is not an integration");
        }
        Resource integration = resources.get(ref).orElseThrow(() -> new CallerRejectedException("no " + ref));
        Map<String, Object> oidc = map(integration.spec().get("oidc"));
        if (!Boolean.TRUE.equals(oidc.get("enabled"))) {
            throw new CallerRejectedException(ref + " does not accept ID tokens (spec.oidc.enabled is not true)");
        }
        String issuer = trustedIssuer(integration, oidc);
        if (issuer == null) {
            throw new CallerRejectedException(ref + " names no issuer (spec.oidc.issuer) and its provider has no default");
        }
        String audience = oidc.get("audience") instanceof String a && !a.isBlank() ? a : publicUrl.value();
        JWTClaimsSet claims = checked(token, issuer, audience);
        String mismatch = ClaimRules.firstMismatch(map(oidc.get("claims")), claims.getClaims());
        if (mismatch != null) {
            throw new CallerRejectedException(mismatch + " (subject '" + claims.getSubject() + "')");
        }
        return integration;
    }

    /** {@code spec.oidc.issuer}, else the default of the integration's provider (if it is installed). */
    String trustedIssuer(Resource integration, Map<String, Object> oidc) {
        if (oidc.get("issuer") instanceof String configured && !configured.isBlank()) {
            return OidcIssuerImpl.withoutTrailingSlash(configured.trim());
        }
        String url = integration.spec().get("url") instanceof String u ? u : "";
        return providers.provider(IntegrationTypes.providerId(integration))
                .map(p -> p.descriptor().ciIssuer(url)).map(OidcIssuerImpl::withoutTrailingSlash).orElse(null);
    }

    private JWTClaimsSet checked(String token, String issuer, String audience) throws CallerRejectedException {
        com.nimbusds.jose.Algorithm alg;
        String claimedIssuer;
        com.nimbusds.jwt.JWT parsed;
        try {
            parsed = com.nimbusds.jwt.JWTParser.parse(token);
            alg = parsed.getHeader().getAlgorithm();
            claimedIssuer = parsed.getJWTClaimsSet().getIssuer();
        } catch (java.text.ParseException e) {
            throw new CallerRejectedException("not a JWT: " + e.getMessage());
        }
        // read before the signature is checked, to say why and to fetch no keys for it; the check below repeats it
        if (!issuer.equals(claimedIssuer)) {
            throw new CallerRejectedException("the token's iss is '" + claimedIssuer + "', not the trusted issuer '"
                    + issuer + "'");
        }
        if (!(alg instanceof JWSAlgorithm jws) || !ALGORITHMS.contains(jws)) {
            throw new CallerRejectedException("the token's algorithm " + alg + " is not accepted (only signatures by the "
                    + "issuer's public keys: RS*, PS*, ES*, EdDSA)");
        }
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys(issuer)));
        DefaultJWTClaimsVerifier<SecurityContext> verifier = new DefaultJWTClaimsVerifier<>(
                new java.util.HashSet<>(Set.of(audience)), // nimbus asks its sets for null: no Set.of here
                new JWTClaimsSet.Builder().issuer(issuer).build(), new java.util.HashSet<>(Set.of("exp")), null) {
            @Override
            protected java.util.Date currentTime() {
                return java.util.Date.from(clock.instant());
            }
        };
        verifier.setMaxClockSkew(SKEW_SECONDS);
        processor.setJWTClaimsSetVerifier(verifier);
        try {
            return processor.process(parsed, null); // parsed once, above
        } catch (com.nimbusds.jose.KeySourceException e) {
            throw new CallerRejectedException("the keys of " + issuer + " could not be fetched: " + e.getMessage(), e);
        } catch (com.nimbusds.jose.proc.BadJOSEException | com.nimbusds.jose.JOSEException e) {
            throw new CallerRejectedException(e.getMessage());
        }
    }

    private JWKSource<SecurityContext> keys(String issuer) throws CallerRejectedException {
        long now = clock.millis();
        Issuer known = issuers.get(issuer);
        if (known == null || known.until() <= now) {
            known = discover(issuer, now);
            issuers.put(issuer, known);
        }
        if (known.keys() == null) {
            throw new CallerRejectedException(known.failure());
        }
        return known.keys();
    }

    private Issuer discover(String issuer, long now) {
        URI discovery = URI.create(issuer + "/.well-known/openid-configuration");
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(discovery).timeout(Duration.ofSeconds(10))
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return failed("the discovery document " + discovery + " answered " + response.statusCode(), now);
            }
            JsonNode document = JSON.readTree(response.body());
            String declared = document.path("issuer").asText("");
            if (!OidcIssuerImpl.withoutTrailingSlash(declared).equals(issuer)) {
                return failed("the discovery document " + discovery + " names the issuer '" + declared + "'", now);
            }
            String jwksUri = document.path("jwks_uri").asText("");
            if (!jwksUri.startsWith("https://") && !jwksUri.startsWith("http://")) {
                return failed("the discovery document " + discovery + " has no jwks_uri", now);
            }
            JWKSource<SecurityContext> source = JWKSourceBuilder.create(new URL(jwksUri))
                    .cache(Duration.ofMinutes(JWKS_TTL_MINUTES).toMillis(), Duration.ofSeconds(10).toMillis())
                    .rateLimited(Duration.ofSeconds(JWKS_MIN_REFETCH_SECONDS).toMillis())
                    .refreshAheadCache(false)
                    .retrying(true)
                    .build();
            return new Issuer(source, null, now + DISCOVERY_TTL.toMillis());
        } catch (IOException | IllegalArgumentException e) {
            return failed("the discovery document " + discovery + " could not be read: " + e.getMessage(), now);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed("interrupted while reading " + discovery, now);
        }
    }

    private static Issuer failed(String reason, long now) {
        return new Issuer(null, reason, now + DISCOVERY_FAILURE_TTL.toMillis());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
