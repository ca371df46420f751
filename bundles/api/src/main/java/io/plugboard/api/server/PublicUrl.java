package io.plugboard.api.server;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The one address browsers and third parties reach this server at - {@code publicUrl} in
 * {@code etc/io.plugboard.core.cfg}, else {@code http://localhost:<HTTP port>} - from which every bundle builds the
 * URLs it hands out (webhook URLs, login and install links, the OpenID Connect issuer). Read it each time: it follows
 * configuration changes.
 *
 * @since 1.1.0
 */
@ProviderType
@FunctionalInterface
public interface PublicUrl {

    /** E.g. {@code https://plugboard.example.com} or {@code http://localhost:8181}; never ends with {@code /}. */
    String value();
}
