package io.plugboard.core.internal.outbound;

import java.util.Map;
import java.util.Optional;

import io.plugboard.api.resource.Resource;
import io.plugboard.api.resource.ResourceRef;

/** Core-internal: an integration with its provider id and the credential its {@code spec.auth} names. */
public interface IntegrationCredentials {

    /**
     * @param token              the secret token, or the connection's token; {@code null} when the integration has none
     * @param oauthConnectionUid the connection's uid when the token is an OAuth access token (it can be refreshed)
     * @param issuedAuthType     the {@code spec.auth.use} whose tokens a provider's {@code CredentialIssuer} issues
     *                           (e.g. {@code AUTH_TYPE_GITHUB_APP}); {@code null} otherwise
     * @param issuerSettings     that issuer's block of {@code spec.auth}, secret references replaced by their values
     */
    record Access(Resource integration, String providerId, String token, String oauthConnectionUid,
                  String issuedAuthType, Map<String, Object> issuerSettings) {

        public Access(Resource integration, String providerId, String token, String oauthConnectionUid) {
            this(integration, providerId, token, oauthConnectionUid, null, Map.of());
        }

        /** Whether Plugboard has anything to authenticate with. */
        public boolean hasCredential() {
            return token != null || oauthConnectionUid != null || issuedAuthType != null;
        }

        @Override
        public String toString() {
            return "Access[" + integration.name() + ", provider " + providerId + "]";
        }
    }

    Optional<Access> access(ResourceRef integration);

    /** The integration's credential as it is now. */
    Optional<Access> access(io.plugboard.api.resource.Resource integration);

    /**
     * Records in the integration's {@code status.credential} whether its issued credential works: {@code Healthy}, or
     * {@code Unhealthy} with the reason (e.g. the GitHub App's installation was removed). Written only on a change.
     */
    void credentialState(String uid, long generation, String state, String reason);

    /** What a provider's code gets to know about the integration. */
    io.plugboard.api.provider.IntegrationContext context(io.plugboard.api.resource.Resource integration);
}
