package io.plugboard.core.internal.provisioning;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.plugboard.api.cluster.Cluster;
import io.plugboard.api.outbound.ApiClient;
import io.plugboard.api.provider.ActionException;
import io.plugboard.api.provider.HookSpec;
import io.plugboard.api.provider.IntegrationContext;
import io.plugboard.api.provider.ProviderListener;
import io.plugboard.api.provider.ProviderRegistry;
import io.plugboard.api.provider.Provisioner;
import io.plugboard.api.provider.RegisteredProvider;
import io.plugboard.api.resource.IntegrationTypes;
import io.plugboard.api.resource.Resource;
import io.plugboard.core.internal.cluster.SingleNode;
import io.plugboard.core.internal.outbound.IntegrationClients;
import io.plugboard.core.internal.outbound.IntegrationCredentials;
import io.plugboard.core.internal.resource.ProvisioningStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the provider-side hooks of every integration in line with its event sources, on one thread of its own
 * ({@code plugboard-provisioning}), and writes how it went to {@code status.provisioning} of the integration and of
 * each event source: {@code state} Ready | Pending (a transient failure, retried with growing delays, at least the
 * provider's {@code Retry-After}) | Failed (the provider refused: a user must act, then apply or run
 * {@code integration-provision}), the {@code hooks} ({@code [{target, id}]}), the {@code reason} and
 * {@code lastAttempt}. The integration's {@code phase} follows: Ready, Pending, Error, or ProviderMissing while its
 * provider is not installed.
 */
@Component(service = ProviderListener.class, immediate = true)
public class ProvisioningComponent implements ProvisioningStore.Listener, ProviderListener {

    static final String READY = "Ready";
    static final String PENDING = "Pending";
    static final String FAILED = "Failed";
    static final String MANUAL = "Manual";

    private static final Logger LOG = LoggerFactory.getLogger(ProvisioningComponent.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(2);
    private static final Duration MAX_RETRY = Duration.ofMinutes(5);
    private static final int DELETE_ATTEMPTS = 5;

    private final ProvisioningStore store;
    private final ProviderRegistry providers;
    private final IntegrationClients clients;
    private final ScheduledExecutorService executor;
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();

    /** How often the node leading provisioning looks at every integration again (retries a dead node had planned). */
    static final Duration RESWEEP = Duration.ofMinutes(5);
    private final Cluster cluster;

    public ProvisioningComponent(ProvisioningStore store, ProviderRegistry providers, IntegrationClients clients) {
        this(store, providers, clients, SingleNode.INSTANCE);
    }

    @Activate
    public ProvisioningComponent(@Reference ProvisioningStore store, @Reference ProviderRegistry providers,
                                 @Reference IntegrationClients clients, @Reference Cluster cluster) {
        this.cluster = cluster;
        this.store = store;
        this.providers = providers;
        this.clients = clients;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "plugboard-provisioning");
            t.setDaemon(true);
            return t;
        });
        store.listen(this);
        // the first look at every integration runs on the provisioning thread, not in activate; then every few minutes,
        // on the one node leading provisioning (a write reconciles at once on the node it reached)
        executor.scheduleWithFixedDelay(this::sweep, 0, RESWEEP.toSeconds(), TimeUnit.SECONDS);
    }

    private void sweep() {
        try {
            if (cluster.lead("provisioning", RESWEEP.plusMinutes(1))) {
                store.integrations().forEach(i -> reconcile(i.uid(), false));
            }
        } catch (RuntimeException e) {
            LOG.warn("Looking at every integration failed; the next sweep retries: {}", e.toString());
        }
    }

    @Deactivate
    public void deactivate() {
        store.listen(null);
        executor.shutdownNow();
    }

    // ---- what starts a run ----------------------------------------------------------------------------

    @Override
    public CompletableFuture<Void> reconcile(String integrationUid, boolean force) {
        return schedule(integrationUid, force, 0);
    }

    @Override
    public void deleted(Resource integration, IntegrationContext context, Optional<IntegrationCredentials.Access> access) {
        failures.remove(integration.uid());
        List<Map<String, Object>> hooks = hooks(integration);
        if (!hooks.isEmpty()) {
            deleteHooks(integration, context, access, hooks, 1);
        }
    }

    @Override
    public void providerAdded(RegisteredProvider provider) {
        providerChanged(provider.id());
    }

    @Override
    public void providerUpdated(RegisteredProvider provider) {
        providerChanged(provider.id());
    }

    @Override
    public void providerRemoved(RegisteredProvider provider) {
        providerChanged(provider.id());
    }

    private void providerChanged(String providerId) {
        execute(() -> store.integrations().stream().filter(i -> providerId.equals(IntegrationTypes.providerId(i)))
                .forEach(i -> reconcile(i.uid(), false)));
    }

    private CompletableFuture<Void> schedule(String uid, boolean force, long delayMillis) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (executor.isShutdown()) {
            done.completeExceptionally(new IllegalStateException("provisioning is stopping"));
            return done;
        }
        executor.schedule(() -> {
            try {
                run(uid, force);
                done.complete(null);
            } catch (RuntimeException e) {
                LOG.error("Provisioning integration {} failed unexpectedly", uid, e);
                done.completeExceptionally(e);
            }
        }, delayMillis, TimeUnit.MILLISECONDS);
        return done;
    }

    private void execute(Runnable work) {
        if (!executor.isShutdown()) {
            executor.execute(work);
        }
    }

    // ---- one run --------------------------------------------------------------------------------------

    private void run(String uid, boolean force) {
        Optional<Resource> found = store.integration(uid);
        if (found.isEmpty()) {
            failures.remove(uid);
            return;
        }
        Resource integration = found.get();
        String providerId = IntegrationTypes.providerId(integration);
        Optional<RegisteredProvider> provider = providers.provider(providerId);
        Map<String, Object> status = new LinkedHashMap<>(integration.status());
        status.put("observedGeneration", integration.generation());
        if (provider.isEmpty()) {
            phase(status, "ProviderMissing", "provider '" + providerId + "' is not installed; the integration is kept "
                    + "and provisioned when the provider returns");
            store.status(uid, integration.generation(), status);
            return;
        }
        Optional<Provisioner> provisioner = provider.get().provisioner();
        if (provisioner.isEmpty()) {
            phase(status, READY, null);
            status.remove("provisioning");
            store.status(uid, integration.generation(), status);
            failures.remove(uid);
            return;
        }
        IntegrationContext context = store.context(integration);
        List<Resource> sources = store.eventSourcesOf(integration);
        HookPlan plan = HookPlan.of(provisioner.get(), context, providerId, sources);
        String fingerprint = plan.fingerprint(context.webhookUrl(), integration.generation(), sources);
        Map<String, Object> previous = provisioning(integration);
        if (!force && READY.equals(previous.get("state")) && fingerprint.equals(previous.get("fingerprint"))
                && READY.equals(status.get("phase"))) {
            return; // nothing changed since the last run that succeeded
        }
        Outcome outcome = apply(integration, context, provisioner.get(), plan);
        String now = Instant.now().toString();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("state", outcome.state);
        result.put("hooks", outcome.hooksList());
        if (outcome.reason != null) {
            result.put("reason", outcome.reason);
        }
        result.put("lastAttempt", now);
        Duration wait = null;
        if (PENDING.equals(outcome.state)) {
            int failed = failures.merge(uid, 1, Integer::sum);
            wait = delay(failed);
            if (outcome.retryAfter != null && outcome.retryAfter.compareTo(wait) > 0) {
                wait = outcome.retryAfter.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : outcome.retryAfter;
            }
            result.put("nextAttempt", Instant.now().plus(wait).toString());
        } else {
            failures.remove(uid);
        }
        if (READY.equals(outcome.state) || MANUAL.equals(outcome.state)) {
            result.put("fingerprint", fingerprint);
        }
        status.put("provisioning", result);
        phase(status, READY.equals(outcome.state) || MANUAL.equals(outcome.state) ? READY
                : PENDING.equals(outcome.state) ? PENDING : "Error", outcome.reason);
        if (!store.status(uid, integration.generation(), status)) {
            LOG.info("{} changed while it was provisioned; provisioning it again", integration.ref());
            schedule(uid, false, 0);
            return;
        }
        writeSources(sources, plan, outcome, now);
        if (wait != null) {
            LOG.warn("Provisioning {} is pending, next attempt in {} s: {}", integration.ref(), wait.toSeconds(), outcome.reason);
            schedule(uid, true, wait.toMillis());
        } else if (FAILED.equals(outcome.state)) {
            LOG.warn("Provisioning {} failed: {}", integration.ref(), outcome.reason);
        } else {
            LOG.info("Provisioned {}: {} hook(s)", integration.ref(), outcome.hooks.size());
        }
    }

    /** Ensures every hook of the plan and deletes the ones it no longer has. */
    private Outcome apply(Resource integration, IntegrationContext context, Provisioner provisioner, HookPlan plan) {
        Map<String, String> existing = new LinkedHashMap<>();
        for (Map<String, Object> hook : hooks(integration)) {
            existing.put(String.valueOf(hook.get("target")), String.valueOf(hook.get("id")));
        }
        Outcome outcome = new Outcome();
        plan.sourceErrors().values().forEach(e -> outcome.fail(e, false, null));
        if (plan.targets().isEmpty() && existing.isEmpty()) {
            return outcome.done();
        }
        Optional<IntegrationCredentials.Access> access = store.access(integration);
        if (access.isEmpty() || !access.get().hasCredential()) {
            outcome.hooks.putAll(existing);
            outcome.state = MANUAL;
            outcome.reason = "the integration has no credential (spec.auth), so Plugboard cannot create the provider's "
                    + "webhook: register " + context.webhookUrl() + " at the provider yourself, or add auth";
            return outcome;
        }
        String secret = store.hookSecret(integration.uid());
        ApiClient api;
        try {
            api = clients.client(access.get());
        } catch (RuntimeException e) {
            existing.forEach(outcome.hooks::put);
            return outcome.fail(e.getMessage(), false, null).done();
        }
        for (Map.Entry<String, Set<String>> target : plan.targets().entrySet()) {
            String known = existing.get(target.getKey());
            try {
                String id = provisioner.ensure(api, new HookSpec(context, target.getKey(), context.webhookUrl(), secret,
                        target.getValue(), known));
                outcome.hooks.put(target.getKey(), id);
            } catch (ActionException e) {
                if (known != null) {
                    outcome.hooks.put(target.getKey(), known);
                }
                outcome.fail(e.getMessage(), e.retryable(), e.retryAfter().orElse(null));
                outcome.failedTargets.put(target.getKey(), e.getMessage());
                if (e.retryable()) {
                    outcome.retryableTargets.add(target.getKey());
                }
            } catch (RuntimeException | LinkageError e) { // a provider's bug, or its bundle going away mid-call
                outcome.fail("the provider's provisioner failed on " + target.getKey() + ": " + e, false, null);
                outcome.failedTargets.put(target.getKey(), e.toString());
            }
        }
        for (Map.Entry<String, String> old : existing.entrySet()) {
            if (plan.targets().containsKey(old.getKey())) {
                continue;
            }
            try {
                provisioner.delete(api, old.getKey(), old.getValue());
                LOG.info("Deleted the hook {} on {} of {}: no event source needs it", old.getValue(), old.getKey(),
                        integration.ref());
            } catch (ActionException e) {
                outcome.hooks.put(old.getKey(), old.getValue()); // kept, so the next run deletes it
                outcome.fail(e.getMessage(), e.retryable(), e.retryAfter().orElse(null));
            }
        }
        return outcome.done();
    }

    private void writeSources(List<Resource> sources, HookPlan plan, Outcome outcome, String now) {
        for (Resource source : sources) {
            Map<String, Object> provisioning = new LinkedHashMap<>();
            String target = plan.targetOfSource().get(source.uid());
            String error = plan.sourceErrors().containsKey(source.uid()) ? plan.sourceErrors().get(source.uid())
                    : target == null ? null : outcome.failedTargets.get(target);
            String state = error != null ? (outcome.retryableTargets.contains(target)
                    && !plan.sourceErrors().containsKey(source.uid()) ? PENDING : FAILED)
                    : target == null ? READY : MANUAL.equals(outcome.state) ? MANUAL
                    : outcome.hooks.containsKey(target) ? READY : PENDING;
            provisioning.put("state", state);
            List<Map<String, Object>> hooks = new ArrayList<>();
            if (target != null && outcome.hooks.containsKey(target)) {
                hooks.add(Map.of("target", target, "id", outcome.hooks.get(target)));
            }
            provisioning.put("hooks", hooks);
            if (error != null) {
                provisioning.put("reason", error);
            } else if (MANUAL.equals(state)) {
                provisioning.put("reason", outcome.reason);
            } else if (target == null) {
                provisioning.put("reason", "its filter names nothing to create a hook on");
            }
            provisioning.put("lastAttempt", now);
            Map<String, Object> status = new LinkedHashMap<>(source.status());
            status.put("provisioning", provisioning);
            store.status(source.uid(), source.generation(), status);
        }
    }

    // ---- an integration deleted -------------------------------------------------------------------------

    private void deleteHooks(Resource integration, IntegrationContext context, Optional<IntegrationCredentials.Access> access,
                             List<Map<String, Object>> hooks, int attempt) {
        long delay = attempt == 1 ? 0 : delay(attempt - 1).toMillis();
        if (executor.isShutdown()) {
            return;
        }
        executor.schedule(() -> {
            Optional<Provisioner> provisioner = providers.provider(IntegrationTypes.providerId(integration))
                    .flatMap(RegisteredProvider::provisioner);
            if (provisioner.isEmpty() || access.isEmpty()) {
                LOG.warn("{} was deleted but its {} hook(s) at the provider cannot be deleted now (provider or credential "
                        + "missing): {}", integration.ref(), hooks.size(), hooks);
                return;
            }
            List<Map<String, Object>> left = new ArrayList<>();
            String reason = null;
            boolean retryable = true;
            for (Map<String, Object> hook : hooks) {
                try {
                    ApiClient api = clients.client(access.get());
                    provisioner.get().delete(api, String.valueOf(hook.get("target")), String.valueOf(hook.get("id")));
                    LOG.info("Deleted the hook {} on {} of deleted {}", hook.get("id"), hook.get("target"), integration.ref());
                } catch (ActionException e) {
                    left.add(hook);
                    reason = e.getMessage();
                    retryable &= e.retryable();
                } catch (RuntimeException e) {
                    left.add(hook);
                    reason = e.getMessage();
                    retryable = false;
                }
            }
            if (left.isEmpty()) {
                return;
            }
            if (retryable && attempt < DELETE_ATTEMPTS) {
                LOG.warn("Deleting {} hook(s) of deleted {} failed (attempt {}), will retry: {}", left.size(),
                        integration.ref(), attempt, reason);
                deleteHooks(integration, context, access, left, attempt + 1);
            } else {
                LOG.error("Could not delete {} hook(s) of deleted {}, delete them at the provider: {} ({})", left.size(),
                        integration.ref(), left, reason);
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    /** 2 s, 4 s, 8 s, … at most 5 minutes. */
    static Duration delay(int failures) {
        long millis = FIRST_RETRY.toMillis() << Math.min(failures - 1, 20);
        return Duration.ofMillis(Math.min(millis, MAX_RETRY.toMillis()));
    }

    private static void phase(Map<String, Object> status, String phase, String message) {
        if (!phase.equals(status.get("phase"))) {
            status.put("lastTransitionAt", Instant.now().toString());
        }
        status.put("phase", phase);
        if (message == null) {
            status.remove("message");
        } else {
            status.put("message", message);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> provisioning(Resource integration) {
        Object p = integration.status().get("provisioning");
        return p instanceof Map ? (Map<String, Object>) p : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> hooks(Resource integration) {
        Object hooks = provisioning(integration).get("hooks");
        List<Map<String, Object>> result = new ArrayList<>();
        if (hooks instanceof List<?> list) {
            list.stream().filter(Map.class::isInstance).forEach(h -> result.add((Map<String, Object>) h));
        }
        return result;
    }

    /** How one run went. */
    private static final class Outcome {
        final Map<String, String> hooks = new LinkedHashMap<>();
        final Map<String, String> failedTargets = new LinkedHashMap<>();
        final Set<String> retryableTargets = new java.util.HashSet<>();
        final List<String> reasons = new ArrayList<>();
        boolean failed;
        /** Some failure may pass when tried again: the run is retried (the others are reported, and tried again too). */
        boolean retryable;
        Duration retryAfter;
        String state;
        String reason;

        Outcome fail(String message, boolean canRetry, Duration after) {
            failed = true;
            retryable |= canRetry;
            reasons.add(message);
            if (after != null && (retryAfter == null || after.compareTo(retryAfter) > 0)) {
                retryAfter = after;
            }
            return this;
        }

        Outcome done() {
            state = !failed ? READY : retryable ? PENDING : FAILED;
            reason = reasons.isEmpty() ? null : String.join("; ", reasons);
            return this;
        }

        List<Map<String, Object>> hooksList() {
            List<Map<String, Object>> list = new ArrayList<>();
            hooks.forEach((target, id) -> list.add(Map.of("target", target, "id", id)));
            return list;
        }
    }
}
