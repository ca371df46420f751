package io.plugboard.core.internal.oidc;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import io.plugboard.api.oidc.OidcIssuer;
import io.plugboard.api.oidc.SigningKey;
import io.plugboard.api.provider.IssuedToken;
import io.plugboard.api.resource.Resource;
import io.plugboard.api.resource.ResourceNotFoundException;
import io.plugboard.api.resource.ResourceRef;
import io.plugboard.api.resource.ResourceService;
import io.plugboard.api.server.PublicUrl;
import io.plugboard.core.internal.CoreConfiguration;
import io.plugboard.core.internal.crypto.KeyRing;
import io.plugboard.core.internal.crypto.Vault;
import io.plugboard.core.internal.storage.Transactions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plugboard as an OpenID Connect issuer: its discovery document and JWKS (served by the REST bundle at
 * {@code <issuer>/.well-known/…}), its signing keys ({@link SigningKeys}), and the ID tokens it signs for integrations.
 */
@Component(service = {OidcIssuer.class, IdTokenMinter.class}, configurationPid = CoreConfiguration.PID)
public class OidcIssuerImpl implements OidcIssuer, IdTokenMinter {

    private static final Logger LOG = LoggerFactory.getLogger(OidcIssuerImpl.class);
    static final Duration MAX_LIFETIME = Duration.ofMinutes(15);
    static final Duration MIN_LIFETIME = Duration.ofMinutes(1);

    private final SigningKeys keys;
    private final Clock clock;
    private final PublicUrl publicUrl;
    private volatile String configuredIssuer;
    private volatile Duration defaultLifetime;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile ResourceService resources;

    @Activate
    public OidcIssuerImpl(@Reference(target = "(dataSourceName=plugboard)") DataSource dataSource, @Reference Vault vault,
                          CoreConfiguration config, @Reference PublicUrl publicUrl) {
        this(new Transactions(dataSource), vault.keys(), Clock.systemUTC(), config, publicUrl);
    }

    OidcIssuerImpl(Transactions jdbc, KeyRing keyRing, Clock clock, CoreConfiguration config, PublicUrl publicUrl) {
        this.clock = clock;
        this.publicUrl = publicUrl;
        this.keys = new SigningKeys(jdbc, keyRing, clock, Duration.ofSeconds(Math.max(0, config.oidcKeyPublishSeconds())),
                MAX_LIFETIME);
        modified(config);
        SigningKey active = keys.signing().view(clock.instant());
        LOG.info("OpenID Connect issuer {}: signing with key {} (published at {}{})", issuer(), active.kid(), issuer(),
                JWKS_PATH);
    }

    @Modified
    void modified(CoreConfiguration config) {
        configuredIssuer = config.oidcIssuer() == null || config.oidcIssuer().isBlank() ? null
                : withoutTrailingSlash(config.oidcIssuer().trim());
        defaultLifetime = clamp(Duration.ofSeconds(config.oidcTokenLifetimeSeconds()));
        keys.configure(Duration.ofSeconds(Math.max(0, config.oidcKeyPublishSeconds())), MAX_LIFETIME);
    }

    static String withoutTrailingSlash(String url) {
        String u = url;
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }

    /** The path the issuer's documents are under on this server, e.g. {@code ""} or {@code /oidc}. */
    public static String issuerPath(String issuer) {
        String path = URI.create(issuer).getRawPath();
        return path == null ? "" : withoutTrailingSlash(path);
    }

    private static Duration clamp(Duration lifetime) {
        return lifetime.compareTo(MAX_LIFETIME) > 0 ? MAX_LIFETIME : lifetime.compareTo(MIN_LIFETIME) < 0 ? MIN_LIFETIME
                : lifetime;
    }

    @Override
    public String issuer() {
        String configured = configuredIssuer;
        return configured != null ? configured : publicUrl.value();
    }

    @Override
    public Map<String, Object> discovery() {
        Map<String, Object> d = new LinkedHashMap<>();
        String issuer = issuer();
        d.put("issuer", issuer);
        d.put("jwks_uri", issuer + JWKS_PATH);
        d.put("response_types_supported", List.of("id_token"));
        d.put("subject_types_supported", List.of("public"));
        d.put("id_token_signing_alg_values_supported", List.of(SigningKeys.ALGORITHM));
        d.put("scopes_supported", List.of("openid"));
        d.put("claims_supported", List.of("iss", "sub", "aud", "exp", "nbf", "iat", "jti", "organization", "canvas_id",
                "integration"));
        return d;
    }

    @Override
    public Map<String, Object> jwks() {
        List<Map<String, Object>> jwks = new ArrayList<>();
        for (SigningKeys.Stored key : keys.published()) {
            jwks.add(key.jwk().toPublicJWK().toJSONObject());
        }
        return Map.of("keys", jwks);
    }

    @Override
    public List<SigningKey> keys() {
        Instant now = clock.instant();
        return keys.published().stream().map(k -> k.view(now)).toList();
    }

    @Override
    public SigningKey rotate() {
        SigningKeys.Stored key = keys.rotate();
        SigningKey view = key.view(clock.instant());
        LOG.info("OpenID Connect signing key rotation: key {} is published and signs from {}", view.kid(), view.signsFrom());
        return view;
    }

    @Override
    public IssuedToken token(ResourceRef ref) {
        ResourceService store = resources;
        if (store == null) {
            throw new IllegalStateException("The resource store is not available right now.");
        }
        Resource integration = store.get(ref).orElseThrow(() -> new ResourceNotFoundException(ref));
        Map<String, Object> auth = integration.spec().get("auth") instanceof Map<?, ?> m ? cast(m) : Map.of();
        if (!"AUTH_TYPE_OIDC".equals(auth.get("use"))) {
            throw new IllegalArgumentException(ref + " does not use AUTH_TYPE_OIDC: Plugboard signs no ID token for it.");
        }
        return mint(integration, auth.get("oidc") instanceof Map<?, ?> o ? cast(o) : Map.of());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    @Override
    public IssuedToken mint(Resource integration, Map<String, Object> settings) {
        Object audience = settings.get("audience");
        if (!(audience instanceof String aud) || aud.isBlank()) {
            throw new IllegalArgumentException("spec.auth.oidc.audience is required to sign an ID token for "
                    + integration.ref());
        }
        Duration lifetime = settings.get("lifetimeSeconds") instanceof Number n ? clamp(Duration.ofSeconds(n.longValue()))
                : defaultLifetime;
        Instant now = clock.instant();
        Instant expires = now.plus(lifetime);
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder();
        if (settings.get("claims") instanceof Map<?, ?> extra) {
            extra.forEach((k, v) -> {
                if (!RESERVED_CLAIMS.contains(String.valueOf(k))) {
                    claims.claim(String.valueOf(k), v);
                }
            });
        }
        claims.issuer(issuer()).subject(IdTokenMinter.subject(integration)).audience(aud)
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(expires))
                .jwtID(UUID.randomUUID().toString())
                .claim("organization", integration.scope().organization())
                .claim("integration", integration.name());
        if (integration.scope().canvasId() != null) {
            claims.claim("canvas_id", integration.scope().canvasId());
        }
        SigningKeys.Stored key = keys.signing();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.kid()).type(JOSEObjectType.JWT)
                .build(), claims.build());
        try {
            jwt.sign(new RSASSASigner(key.jwk()));
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign an ID token with key " + key.kid(), e);
        }
        return new IssuedToken(jwt.serialize(), expires);
    }
}
