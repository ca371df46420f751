package io.plugboard.api.oidc;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Plugboard as an OpenID Connect issuer: the discovery document and JWKS it publishes without authentication, and
 * its signing keys. The issuer is {@code oidcIssuer} in {@code etc/io.plugboard.core.cfg}, else {@code publicUrl}; the
 * documents are at {@code <issuer>/.well-known/openid-configuration} and {@code <issuer>/.well-known/jwks.json}.
 */
@ProviderType
public interface OidcIssuer {

    /** Path of the discovery document under the issuer. */
    String DISCOVERY_PATH = "/.well-known/openid-configuration";

    /** Path of the JWKS under the issuer. */
    String JWKS_PATH = "/.well-known/jwks.json";

    /** The {@code iss} of every token, without a trailing slash. */
    String issuer();

    /** The discovery document: {@code issuer}, {@code jwks_uri}, the algorithms, subject type and claims. */
    Map<String, Object> discovery();

    /** The JWKS: the public half of every published key (next, active and retiring). */
    Map<String, Object> jwks();

    /**
     * A new ID token for an integration with {@code spec.auth.use: AUTH_TYPE_OIDC}, as a call through it would carry
     * (for checking a provider's trust policy: {@code plugboard:oidc-token}).
     *
     * @throws io.plugboard.api.resource.ResourceNotFoundException when there is no such integration
     * @throws IllegalArgumentException when it does not use {@code AUTH_TYPE_OIDC}
     */
    io.plugboard.api.provider.IssuedToken token(io.plugboard.api.resource.ResourceRef integration);

    /** Every published key, oldest first. */
    List<SigningKey> keys();

    /**
     * Makes a new key, published at once and signing once verifiers have had time to fetch it
     * ({@code oidcKeyPublishSeconds}); the key that signs now retires then, and leaves the JWKS when the last token it
     * signed has expired.
     *
     * @return the new key
     */
    SigningKey rotate();
}
