package io.plugboard.api.server;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** What the webhook edge needs to verify one delivery, in one lookup. Implemented by core. */
@ProviderType
public interface WebhookTargets {

    /** The integration with this {@code metadata.uid}, its provider and its webhook secret; empty for no integration. */
    Optional<WebhookTarget> find(String integrationUid);
}
