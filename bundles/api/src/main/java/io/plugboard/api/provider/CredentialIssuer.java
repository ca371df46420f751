package io.plugboard.api.provider;

import java.util.Map;
import java.util.function.Function;

import io.plugboard.api.outbound.ApiClient;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Issues short-lived API tokens for the integrations whose {@code spec.auth.use} is {@link #authType()} — e.g. a GitHub
 * App's installation tokens, made with the app's private key. Plugboard keeps each token in memory only, hands it to
 * every call through the integration (the proxy, provisioners, actions) until shortly before it expires, asks again
 * after a 401, and never lets two callers ask for the same integration at once. Registered with the service property
 * {@code plugboard.provider=<id>}.
 */
@ConsumerType
public interface CredentialIssuer {

    /**
     * For {@code AUTH_TYPE_OIDC}: the key of {@link #issue}'s settings that holds an ID token Plugboard has just signed for
     * the integration ({@code sub}, {@code aud} from {@code spec.auth.oidc.audience}, at most 15 minutes), to be
     * exchanged with the provider for its own credential, e.g. AWS STS {@code AssumeRoleWithWebIdentity}.
     *
     * @since 4.1.0
     */
    String ID_TOKEN_SETTING = "idToken";

    /** The {@code spec.auth.use} value it serves, e.g. {@code AUTH_TYPE_GITHUB_APP}. */
    String authType();

    /** The block of {@code spec.auth} with its settings, e.g. {@code githubApp}. */
    String settingsKey();

    /**
     * Obtains a new token.
     *
     * @param integration the integration it is for
     * @param settings    {@code spec.auth.<settingsKey()>}, each {@code {valueFrom: {secret: …}}} replaced by the
     *                    secret's value
     * @param signedAs    an API client on the integration's API base that authenticates with the credential it is given
     *                    (e.g. the app's JWT) instead of the integration's
     * @return the token and when it expires
     * @throws ActionException when the settings are unusable or the provider refused; the message is shown to users
     */
    IssuedToken issue(IntegrationContext integration, Map<String, Object> settings, Function<String, ApiClient> signedAs)
            throws ActionException;

    /**
     * The headers that authenticate {@code request} with {@code token}, for a credential that is not sent as
     * {@code Authorization: <scheme> <token>} but signs each request (e.g. AWS Signature Version 4). Plugboard sets each
     * returned header, replacing one the request has. {@code null} (the default): send the token in the
     * {@code Authorization} header with the endpoint's scheme.
     *
     * @param token   the token {@link #issue} returned
     * @param request the request as it will be sent
     * @since 4.1.0
     */
    default Map<String, String> sign(String token, io.plugboard.api.outbound.OutboundRequest request) {
        return null;
    }
}
