package io.plugboard.provider.github.internal;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.plugboard.api.outbound.ApiClient;
import io.plugboard.api.provider.ActionException;
import io.plugboard.api.provider.CredentialIssuer;
import io.plugboard.api.provider.IntegrationContext;
import io.plugboard.api.provider.IssuedToken;
import io.plugboard.api.provider.Provider;
import io.plugboard.provider.support.outbound.ProviderCalls;
import io.plugboard.api.server.SecretValues;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code auth.use: AUTH_TYPE_GITHUB_APP}: installation access tokens of a GitHub App, so that the proxy, provisioning
 * and actions act as the app's installation instead of a person.
 * <ul>
 * <li>The app's JWT (https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-json-web-token-jwt-for-a-github-app):
 * RS256 with the app's private key, {@code iat} 60 s in the past (clock drift), {@code exp} at most 10 minutes
 * ahead (9 here), {@code iss} the app's client id (or its app id).</li>
 * <li>The token: {@code POST /app/installations/{installation_id}/access_tokens} with {@code Authorization: Bearer
 * <JWT>}, answered 201 {@code {"token": "ghs_…", "expires_at": "…"}} (an hour):
 * https://docs.github.com/en/rest/apps/apps#create-an-installation-access-token-for-an-app. Plugboard keeps it in
 * memory and asks again 5 minutes before it expires.</li>
 * </ul>
 * Settings ({@code spec.auth.githubApp}): {@code installationId}, and {@code clientId} or {@code appId} with
 * {@code privateKey} by secret reference - or, when it names no private key, those of the server's app from its
 * registration Secret ({@link GitHubAppRegistration}). The key is the PEM GitHub gives ({@code BEGIN RSA PRIVATE KEY}, PKCS#1) or PKCS#8
 * ({@code BEGIN PRIVATE KEY}). Neither the key, the JWT nor the token is logged.
 */
@Component(service = CredentialIssuer.class, property = Provider.PROVIDER_PROPERTY + "=" + GitHubProvider.ID,
        configurationPid = GitHubAppConfiguration.PID)
public class GitHubAppCredentials implements CredentialIssuer {

    static final String AUTH_TYPE = "AUTH_TYPE_GITHUB_APP";
    static final String SETTINGS = "githubApp";
    static final Duration BACKDATE = Duration.ofSeconds(60);
    static final Duration LIFETIME = Duration.ofMinutes(9);
    private static final String PERMISSION = "the app installed on the account (check the installation id), and the "
            + "app's current private key";

    private final Clock clock;
    /** The server's app, for integrations that name no private key of their own; {@code null} in unit tests. */
    private final GitHubAppRegistration server;

    @Activate
    public GitHubAppCredentials(@Reference SecretValues secrets, GitHubAppConfiguration config) {
        this(Clock.systemUTC(), new GitHubAppRegistration(secrets, config.appOrganization(), config.appSecret()));
    }

    GitHubAppCredentials(Clock clock) {
        this(clock, null);
    }

    GitHubAppCredentials(Clock clock, GitHubAppRegistration server) {
        this.clock = clock;
        this.server = server;
    }

    @Override
    public String authType() {
        return AUTH_TYPE;
    }

    @Override
    public String settingsKey() {
        return SETTINGS;
    }

    @Override
    public IssuedToken issue(IntegrationContext integration, Map<String, Object> settings,
                             Function<String, ApiClient> signedAs) throws ActionException {
        String issuer = text(settings.get("clientId")) != null ? text(settings.get("clientId")) : text(settings.get("appId"));
        String installation = text(settings.get("installationId"));
        String key = text(settings.get("privateKey"));
        if (key == null && server != null) {
            // an installation of the server's own app (the setup URL makes these): its registration signs
            key = server.privateKey().orElseThrow(() -> new ActionException("spec.auth.githubApp names no privateKey, "
                    + "and the server's GitHub App (Secret " + server.where() + ") has none"));
            issuer = issuer != null ? issuer : server.issuer().orElseThrow(() -> new ActionException("The server's "
                    + "GitHub App (Secret " + server.where() + ") has neither clientId nor appId"));
        }
        if (issuer == null || installation == null || !installation.matches("[0-9]{1,20}")) {
            throw new ActionException("spec.auth.githubApp needs clientId (or appId) and a numeric installationId");
        }
        String jwt = jwt(issuer, privateKey(key));
        JsonNode answer = ProviderCalls.call(signedAs.apply(jwt), ProviderCalls.json("POST", "app/installations/"
                + installation + "/access_tokens", ProviderCalls.object()), "get a token for installation "
                + installation + " of the app " + issuer, PERMISSION, false);
        String token = answer.path("token").asText("");
        if (token.isEmpty()) {
            throw new ActionException("GitHub's answer for installation " + installation + " has no token");
        }
        Instant expires;
        try {
            expires = Instant.parse(answer.path("expires_at").asText(""));
        } catch (DateTimeParseException e) {
            expires = clock.instant().plus(Duration.ofMinutes(55)); // GitHub's tokens last an hour
        }
        return new IssuedToken(token, expires);
    }

    /** The app's JWT: RS256, {@code iat} 60 s ago, {@code exp} 9 minutes ahead, {@code iss} the app. */
    String jwt(String issuer, RSAPrivateKey key) throws ActionException {
        Instant now = clock.instant();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), new JWTClaimsSet.Builder()
                .issuer(issuer)
                .issueTime(Date.from(now.minus(BACKDATE)))
                .expirationTime(Date.from(now.plus(LIFETIME)))
                .build());
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new ActionException("The GitHub App's private key cannot sign: " + e.getMessage());
        }
        return jwt.serialize();
    }

    /** An RSA private key from PEM: PKCS#1 ({@code RSA PRIVATE KEY}, as GitHub hands it out) or PKCS#8. */
    static RSAPrivateKey privateKey(String pem) throws ActionException {
        if (pem == null || pem.isBlank()) {
            throw new ActionException("The GitHub App's private key (spec.auth.githubApp.privateKey) is empty");
        }
        boolean pkcs1 = pem.contains("-----BEGIN RSA PRIVATE KEY-----");
        if (!pkcs1 && !pem.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new ActionException("The GitHub App's private key is not a PEM RSA private key (BEGIN RSA PRIVATE KEY "
                    + "or BEGIN PRIVATE KEY)");
        }
        try {
            String body = pem.replaceAll("-----(BEGIN|END) (RSA )?PRIVATE KEY-----", "").replaceAll("\\s", "");
            byte[] der = Base64.getDecoder().decode(body);
            return (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(
                    pkcs1 ? pkcs8(der) : der));
        } catch (IllegalArgumentException | GeneralSecurityException | ClassCastException e) {
            throw new ActionException("The GitHub App's private key cannot be read: " + e.getClass().getSimpleName());
        }
    }

    /**
     * Wraps a PKCS#1 RSAPrivateKey in PKCS#8's PrivateKeyInfo (RFC 5208): SEQUENCE { INTEGER 0, SEQUENCE { OID
     * rsaEncryption, NULL }, OCTET STRING { the PKCS#1 key } } - the JDK reads only the latter.
     */
    static byte[] pkcs8(byte[] pkcs1) {
        byte[] algorithm = {0x02, 0x01, 0x00, 0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7,
            0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
        byte[] octets = der((byte) 0x04, pkcs1);
        byte[] content = new byte[algorithm.length + octets.length];
        System.arraycopy(algorithm, 0, content, 0, algorithm.length);
        System.arraycopy(octets, 0, content, algorithm.length, octets.length);
        return der((byte) 0x30, content);
    }

    private static byte[] der(byte tag, byte[] content) {
        int n = content.length;
        byte[] length = n < 0x80 ? new byte[] {(byte) n}
                : n < 0x100 ? new byte[] {(byte) 0x81, (byte) n}
                : n < 0x10000 ? new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n}
                : new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
        byte[] out = new byte[1 + length.length + n];
        out[0] = tag;
        System.arraycopy(length, 0, out, 1, length.length);
        System.arraycopy(content, 0, out, 1 + length.length, n);
        return out;
    }

    private static String text(Object value) {
        return value == null || value.toString().isBlank() ? null : value.toString().trim();
    }
}
