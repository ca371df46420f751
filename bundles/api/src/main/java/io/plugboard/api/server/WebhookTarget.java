package io.plugboard.api.server;

import java.util.Objects;
import java.util.Optional;

import io.plugboard.api.resource.Resource;

/**
 * An integration that receives webhooks: the resource, its provider id and the secret its deliveries are signed with
 * (from {@code spec.webhook.secret.valueFrom.secret}, else the one generated for it; empty when its reference is
 * broken). Never log the secret: {@link #toString()} leaves it out.
 */
public final class WebhookTarget {

    private final Resource integration;
    private final String providerId;
    private final String secret;

    public WebhookTarget(Resource integration, String providerId, String secret) {
        this.integration = Objects.requireNonNull(integration, "integration");
        this.providerId = Objects.requireNonNull(providerId, "providerId");
        this.secret = secret;
    }

    public Resource integration() { return integration; }
    public String providerId() { return providerId; }
    public Optional<String> secret() { return Optional.ofNullable(secret); }

    @Override
    public String toString() {
        return "WebhookTarget[" + integration.scope() + "/" + integration.name() + ", provider " + providerId + "]";
    }
}
