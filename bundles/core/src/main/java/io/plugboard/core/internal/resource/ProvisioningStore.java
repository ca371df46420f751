package io.plugboard.core.internal.resource;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import io.plugboard.api.provider.IntegrationContext;
import io.plugboard.api.resource.Resource;
import io.plugboard.core.internal.outbound.IntegrationCredentials;

/**
 * Core-internal: what provisioning reads and writes of the resources, and how it hears of changes. Implemented by
 * the resource service; provisioning (its own component) {@link #listen listens}.
 */
public interface ProvisioningStore {

    Optional<Resource> integration(String uid);

    List<Resource> integrations();

    /** The event sources that use this integration. */
    List<Resource> eventSourcesOf(Resource integration);

    /**
     * Replaces a resource's status if it is still at {@code generation}, in a transaction of its own.
     *
     * @return whether it was replaced ({@code false}: the resource changed or went meanwhile)
     */
    boolean status(String uid, long generation, Map<String, Object> status);

    IntegrationContext context(Resource integration);

    /** The integration's webhook secret, empty when it has none. */
    String hookSecret(String uid);

    /** The integration's credential; also for one just deleted (its hooks are deleted with it). */
    Optional<IntegrationCredentials.Access> access(Resource integration);

    /** Sets (or, with {@code null}, clears) the one listener. */
    void listen(Listener listener);

    /** Told after the change is committed. */
    interface Listener {
        /**
         * The integration, or one of its event sources, was applied or deleted — or a user asked.
         *
         * @param force run even if nothing seems to have changed
         * @return done when the integration's status has been written
         */
        CompletableFuture<Void> reconcile(String integrationUid, boolean force);

        /** The integration is gone; what it made at the provider goes too. */
        void deleted(Resource integration, IntegrationContext context, Optional<IntegrationCredentials.Access> access);
    }
}
