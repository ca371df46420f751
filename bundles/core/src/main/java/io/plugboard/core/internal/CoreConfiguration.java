package io.plugboard.core.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code io.plugboard.core}: {@code etc/io.plugboard.core.cfg}. */
@ObjectClassDefinition(name = "Plugboard core",
        description = "Admin authentication and data directory of the Plugboard server")
public @interface CoreConfiguration {

    String PID = "io.plugboard.core";

    @AttributeDefinition(name = "Admin token",
            description = "Bearer token for /api/v1. Empty: a random token is generated into <data directory>/admin.token at first boot.")
    String adminToken() default "";

    @AttributeDefinition(name = "Data directory",
            description = "Where Plugboard keeps admin.token and other generated files. Empty: ${karaf.data}/plugboard.")
    String dataDirectory() default "";

    @AttributeDefinition(name = "Master key",
            description = "Base64 of 32 random bytes that wrap the data keys encrypting secret values. Empty: generated "
                    + "into <data directory>/master.key at first boot. Changing it makes stored secrets unreadable.")
    String masterKey() default "";

    @AttributeDefinition(name = "Master key file",
            description = "A file holding the master key (base64 of 32 bytes), e.g. on another volume than the database; "
                    + "made at first boot when absent. Used when masterKey and the environment variable "
                    + "PLUGBOARD_MASTER_KEY are empty. Empty: <data directory>/master.key.")
    String masterKeyFile() default "";

    @AttributeDefinition(name = "Metrics port",
            description = "A port of its own for GET /metrics without a token (for a scraper on a private network); "
                    + "0: off, metrics only on the HTTP port with the admin token. Read by io.plugboard.rest.")
    int metricsPort() default 0;

    @AttributeDefinition(name = "Metrics host", description = "The address the metrics port binds to.")
    String metricsHost() default "127.0.0.1";

    @AttributeDefinition(name = "Public URL",
            description = "The address browsers and third parties reach this server at; webhook URLs, login and install "
                    + "links and the OpenID Connect issuer are built from it, by every bundle. Empty: "
                    + "http://localhost:<HTTP port> (org.osgi.service.http.port in etc/org.ops4j.pax.web.cfg).")
    String publicUrl() default "";

    @AttributeDefinition(name = "Connection probe interval",
            description = "Seconds between two probes of every connection whose type has a probe; 0 turns the periodic "
                    + "probe off (plugboard:connection-test and POST /api/v1/connections/{id}/test still work).")
    long connectionProbeInterval() default 3600;

    @AttributeDefinition(name = "Resource cache",
            description = "Milliseconds for which webhook deliveries may find their integration, its webhook secret and "
                    + "the event sources in memory. Changes made through this node are seen at once, and so are changes "
                    + "made by another node sharing the database (it sends a notice); should a notice be lost, after at "
                    + "most this long. 0 turns the cache off.")
    long resourceCacheMillis() default 1000;

    @AttributeDefinition(name = "Node id",
            description = "This node's id among the nodes sharing the database. Empty: <host name>:<HTTP port>. Each node "
                    + "needs its own; a restarted node keeps it.")
    String nodeId() default "";

    @AttributeDefinition(name = "OpenID Connect issuer",
            description = "The iss of the ID tokens Plugboard signs for integrations with auth.use AUTH_TYPE_OIDC, and "
                    + "the URL its discovery document and JWKS are under (<issuer>/.well-known/openid-configuration). "
                    + "Empty: the public URL. Providers such as AWS fetch the keys from it: it must be reachable by them.")
    String oidcIssuer() default "";

    @AttributeDefinition(name = "Signing key publish delay",
            description = "Seconds between a signing key rotation publishing the new key in the JWKS and the key "
                    + "signing its first token, so that verifiers caching the JWKS learn it first.")
    long oidcKeyPublishSeconds() default 600;

    @AttributeDefinition(name = "ID token lifetime",
            description = "Seconds an ID token Plugboard signs is valid for, unless the integration's "
                    + "spec.auth.oidc.lifetimeSeconds says otherwise; at most 900 (15 minutes).")
    long oidcTokenLifetimeSeconds() default 300;
}
