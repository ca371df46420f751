package io.plugboard.core.internal.resource;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.plugboard.api.provider.IntegrationContext;
import io.plugboard.api.provider.ProviderRegistry;
import io.plugboard.api.provider.Provisioner;
import io.plugboard.api.provider.RegisteredProvider;
import io.plugboard.api.resource.IntegrationTypes;
import io.plugboard.api.resource.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each integration's {@code status} in step with its provider, on one background thread:
 * {@code Ready} once the provider's {@link Provisioner} (if it has one) succeeded for the current generation,
 * {@code Error} with the message when it failed (retried with growing delays), {@code ProviderMissing} while the
 * provider is not installed (the integration stays stored), {@code Pending} in between.
 */
final class IntegrationProvisioning {

    static final String PENDING = "Pending";
    static final String READY = "Ready";
    static final String ERROR = "Error";
    static final String PROVIDER_MISSING = "ProviderMissing";

    private static final Logger LOG = LoggerFactory.getLogger(IntegrationProvisioning.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(2);
    private static final Duration MAX_RETRY = Duration.ofMinutes(5);
    private static final int DEPROVISION_ATTEMPTS = 5;

    /** What provisioning needs from the resource service. */
    interface Resources {
        Optional<Resource> integration(String uid);

        Iterable<Resource> integrationsOf(String providerId);

        /** Replaces the status if the integration is still at {@code generation}. */
        void status(String uid, long generation, Map<String, Object> status);

        IntegrationContext context(Resource integration);

        /** The secret the third party must sign this integration's webhooks with (UTF-8), empty when none. */
        byte[] webhookSecret(String uid);
    }

    private final ProviderRegistry providers;
    private final Resources resources;
    private final ScheduledExecutorService executor;
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();

    IntegrationProvisioning(ProviderRegistry providers, Resources resources) {
        this.providers = providers;
        this.resources = resources;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "plugboard-provisioning");
            t.setDaemon(true);
            return t;
        });
    }

    void close() {
        executor.shutdownNow();
    }

    /** Returns once the work queued so far has run (tests: the status writes of an apply are done). */
    void awaitQueued() throws Exception {
        executor.submit(() -> { }).get(10, TimeUnit.SECONDS);
    }

    /** Brings one integration's status up to date soon. */
    void reconcile(String uid) {
        submit(uid, 0);
    }

    void providerChanged(String providerId) {
        executor.execute(() -> {
            for (Resource integration : resources.integrationsOf(providerId)) {
                reconcile(integration.uid());
            }
        });
    }

    /** Calls the provider's {@link Provisioner#deprovision} for a deleted integration, retrying a few times. */
    void deprovision(Resource integration) {
        failures.remove(integration.uid());
        deprovision(integration, 1);
    }

    private void deprovision(Resource integration, int attempt) {
        executor.schedule(() -> {
            Optional<Provisioner> provisioner = providers.provider(IntegrationTypes.providerId(integration))
                    .flatMap(RegisteredProvider::provisioner);
            if (provisioner.isEmpty()) {
                return;
            }
            try {
                provisioner.get().deprovision(resources.context(integration), provisionerState(integration));
                LOG.info("Deprovisioned deleted {}", integration.ref());
            } catch (Exception e) {
                if (attempt < DEPROVISION_ATTEMPTS) {
                    LOG.warn("Deprovisioning deleted {} failed (attempt {}), will retry: {}", integration.ref(), attempt, e.getMessage());
                    deprovision(integration, attempt + 1);
                } else {
                    LOG.error("Deprovisioning deleted {} failed {} times, giving up: {}", integration.ref(), attempt, e.getMessage());
                }
            }
        }, attempt == 1 ? 0 : delay(attempt - 1).toMillis(), TimeUnit.MILLISECONDS);
    }

    private void submit(String uid, long delayMillis) {
        if (!executor.isShutdown()) {
            executor.schedule(() -> run(uid), delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void run(String uid) {
        Optional<Resource> found = resources.integration(uid);
        if (found.isEmpty()) {
            failures.remove(uid);
            return;
        }
        Resource integration = found.get();
        String providerId = IntegrationTypes.providerId(integration);
        Optional<RegisteredProvider> provider = providers.provider(providerId);
        Map<String, Object> status = new LinkedHashMap<>(integration.status());
        status.put("observedGeneration", integration.generation());
        status.put("lastTransitionAt", Instant.now().toString());
        if (provider.isEmpty()) {
            status.put("phase", PROVIDER_MISSING);
            status.put("message", "provider '" + providerId + "' is not installed; the integration is kept and "
                    + "becomes Ready when the provider returns");
            resources.status(uid, integration.generation(), status);
            return;
        }
        Optional<Provisioner> provisioner = provider.get().provisioner();
        if (provisioner.isEmpty()) {
            status.put("phase", READY);
            status.remove("message");
            resources.status(uid, integration.generation(), status);
            failures.remove(uid);
            return;
        }
        if (READY.equals(status.get("phase")) && Long.valueOf(integration.generation()).equals(asLong(status.get("provisionedGeneration")))) {
            return; // nothing to do
        }
        try {
            Map<String, String> state = provisioner.get().provision(resources.context(integration), resources.webhookSecret(uid));
            status.put("phase", READY);
            status.remove("message");
            status.remove("nextRetryAt");
            status.put("provisionedGeneration", integration.generation());
            status.put("provisioner", state == null ? Map.of() : new LinkedHashMap<>(state));
            failures.remove(uid);
            resources.status(uid, integration.generation(), status);
            LOG.info("Provisioned {} with provider '{}'", integration.ref(), providerId);
        } catch (Exception e) {
            int failed = failures.merge(uid, 1, Integer::sum);
            Duration wait = delay(failed);
            status.put("phase", ERROR);
            status.put("message", "provisioning failed: " + e.getMessage());
            status.put("nextRetryAt", Instant.now().plus(wait).toString());
            resources.status(uid, integration.generation(), status);
            LOG.warn("Provisioning {} with provider '{}' failed (attempt {}), retrying in {} s: {}", integration.ref(),
                    providerId, failed, wait.toSeconds(), e.getMessage());
            submit(uid, wait.toMillis());
        }
    }

    /** 2 s, 4 s, 8 s, … at most 5 minutes. */
    static Duration delay(int failures) {
        long millis = FIRST_RETRY.toMillis() << Math.min(failures - 1, 20);
        return Duration.ofMillis(Math.min(millis, MAX_RETRY.toMillis()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> provisionerState(Resource integration) {
        Object state = integration.status().get("provisioner");
        return state instanceof Map ? (Map<String, String>) state : Map.of();
    }

    private static Long asLong(Object o) {
        return o instanceof Number ? ((Number) o).longValue() : null;
    }
}
