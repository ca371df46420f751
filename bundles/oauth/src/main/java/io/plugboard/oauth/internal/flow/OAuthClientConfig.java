package io.plugboard.oauth.internal.flow;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Factory PID {@code io.plugboard.oauth}: one {@code etc/io.plugboard.oauth-<name>.cfg} per OAuth client (per provider,
 * and per base URL for partial servers such as GitHub Enterprise).
 */
@ObjectClassDefinition(name = "Plugboard OAuth client",
        description = "The OAuth app Plugboard logs users in with, at one provider")
public @interface OAuthClientConfig {

    String FACTORY_PID = "io.plugboard.oauth";

    @AttributeDefinition(description = "The provider id, e.g. github")
    String provider();

    @AttributeDefinition(description = "For a partial server (e.g. GitHub Enterprise): the base URL this client is "
            + "registered at. Empty: the provider's public server.")
    String baseUrl() default "";

    @AttributeDefinition(description = "The OAuth client id")
    String clientId();

    @AttributeDefinition(description = "The client secret, inline. Prefer clientSecretRef.", type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
    String clientSecret() default "";

    @AttributeDefinition(description = "The client secret as <secret>/<key> of a Plugboard Secret of the default "
            + "organization (stored encrypted like every secret).")
    String clientSecretRef() default "";

    @AttributeDefinition(description = "Overrides of the short-name server's authorization endpoint")
    String authCodeURL() default "";

    @AttributeDefinition(description = "Overrides of the token endpoint")
    String tokenURL() default "";

    @AttributeDefinition(description = "Overrides of the revocation endpoint (RFC 7009)")
    String revocationURL() default "";

    @AttributeDefinition(description = "Overrides of the userinfo endpoint")
    String userinfoURL() default "";

    @AttributeDefinition(description = "Overrides of the issuer (OpenID Connect discovery)")
    String issuerURL() default "";

    @AttributeDefinition(description = "Overrides of the JWKS URL")
    String jwksURL() default "";
}
