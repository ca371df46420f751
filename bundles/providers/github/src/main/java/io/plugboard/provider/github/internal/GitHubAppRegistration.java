package io.plugboard.provider.github.internal;

import java.util.Optional;

import io.plugboard.api.resource.Scope;
import io.plugboard.api.server.SecretValues;

/**
 * The server's GitHub App, as its registration Secret holds it ({@code default/github-app} unless configured): its
 * {@code webhookSecret}, and the {@code clientId} (or {@code appId}) and {@code privateKey} that sign the app's JWT
 * for the integrations that name no key of their own. Read at each use, so a rotated key takes effect at once.
 */
final class GitHubAppRegistration {

    private final SecretValues secrets;
    private final Scope scope;
    private final String secret;

    GitHubAppRegistration(SecretValues secrets, String organization, String secret) {
        this.secrets = secrets;
        this.scope = Scope.organization(organization);
        this.secret = secret;
    }

    /** Where the registration lives, for messages: {@code <organization>/<secret>}. */
    String where() {
        return scope.organization() + "/" + secret;
    }

    Optional<String> value(String key) {
        return secrets.value(scope, secret, key).filter(v -> !v.isBlank());
    }

    Optional<String> webhookSecret() {
        return value("webhookSecret");
    }

    /** {@code clientId}, else {@code appId}: the JWT's {@code iss}. */
    Optional<String> issuer() {
        return value("clientId").or(() -> value("appId"));
    }

    Optional<String> privateKey() {
        return value("privateKey");
    }
}
