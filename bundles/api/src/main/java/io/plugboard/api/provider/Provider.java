package io.plugboard.api.provider;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Describes one third-party service (GitHub, Slack, ...). A provider bundle registers exactly one
 * {@code Provider} service; the registry lists it while the service is registered.
 *
 * <p>The {@link #id()} must match {@link #ID_PATTERN} ({@code [a-z0-9]+}); a provider with an invalid id,
 * or with the id of a provider that is already active, is ignored by the registry with a warning.
 * Implementations must be immutable: the registry reads them once when the service appears (register
 * the service again, or change its properties, to publish new values).
 */
@ConsumerType
public interface Provider {

    /** Service property naming the provider a capability service belongs to. */
    String PROVIDER_PROPERTY = "plugboard.provider";

    /** What a provider id looks like: lower-case letters and digits. */
    Pattern ID_PATTERN = Pattern.compile("[a-z0-9]+");

    /** Stable id, {@code [a-z0-9]+}, used in URLs ({@code /integration/<id>/login}) and resource types. */
    String id();

    /** Display name, e.g. {@code GitHub}. */
    String name();

    /** One-paragraph description for listings; empty by default. */
    default String description() {
        return "";
    }

    /** Icon: an {@code https:} or {@code data:} URL, or {@code null} when the provider has none. */
    default String icon() {
        return null;
    }

    /** How an integration of this provider authenticates against the third party. */
    Set<AuthMode> authModes();

    /** The event types this provider's webhooks deliver. */
    List<EventType> eventTypes();

    /** Names of the filter fields an event source of this provider may set (e.g. {@code repository}). */
    default List<String> filterFields() {
        return List.of();
    }

    /**
     * The filter fields whose values the provider compares without regard to case - GitHub's owner and repository
     * names: an event source's {@code repository: codertocat/hello-world} matches a delivery for
     * {@code Codertocat/Hello-World}. Empty by default: exact comparison.
     *
     * @since 4.2.0
     */
    default Set<String> caseInsensitiveFilterFields() {
        return Set.of();
    }

    /**
     * The provider's REST API for an integration whose {@code spec.url} is {@code integrationUrl} (empty when the
     * integration names none): e.g. {@code https://api.github.com}, or {@code <url>/api/v4} for a self-managed GitLab.
     * {@code null} when the provider has no API Plugboard can call.
     */
    default io.plugboard.api.outbound.ApiEndpoint api(String integrationUrl) {
        return null;
    }

    /**
     * The OAuth servers this provider knows, each under a short name its connection types (and any other provider's)
     * may name as {@code server: <shortName>}; when two providers declare the same short name the first registered
     * wins. Empty by default.
     *
     * @since 2.1.0
     */
    default List<OAuthServerSpec> oauthServers() {
        return List.of();
    }

    /**
     * The OpenID Connect issuer whose ID tokens this provider's CI jobs carry, trusted by default by an integration
     * with {@code spec.oidc.enabled: true} and no {@code spec.oidc.issuer}: e.g. GitHub Actions'
     * {@code https://token.actions.githubusercontent.com}, or Semaphore's {@code https://<org>.semaphoreci.com} for the
     * integration's {@code spec.url}. {@code null} (the default) when the provider issues none.
     *
     * @since 4.1.0
     */
    default String ciIssuer(String integrationUrl) {
        return null;
    }

    /** {@code true} when {@code id} is a valid provider id. */
    static boolean isValidId(String id) {
        return id != null && ID_PATTERN.matcher(id).matches();
    }
}
