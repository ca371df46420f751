package io.plugboard.core.internal.outbound;

import java.util.Optional;

import io.plugboard.api.resource.Resource;
import io.plugboard.api.resource.ResourceRef;

/** Core-internal: an integration with its provider id and the credential its {@code spec.auth} names. */
public interface IntegrationCredentials {

    /**
     * @param token              the secret token, or the connection's token; {@code null} when the integration has none
     * @param oauthConnectionUid the connection's uid when the token is an OAuth access token (it can be refreshed)
     */
    record Access(Resource integration, String providerId, String token, String oauthConnectionUid) {
        @Override
        public String toString() {
            return "Access[" + integration.name() + ", provider " + providerId + "]";
        }
    }

    Optional<Access> access(ResourceRef integration);

    /** The integration's credential as it is now. */
    Optional<Access> access(io.plugboard.api.resource.Resource integration);

    /** What a provider's code gets to know about the integration. */
    io.plugboard.api.provider.IntegrationContext context(io.plugboard.api.resource.Resource integration);
}
