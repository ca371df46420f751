package io.plugboard.core.internal.execution;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.plugboard.api.cluster.Cluster;
import io.plugboard.api.connection.ExpressionResolver;
import io.plugboard.api.execution.Execution;
import io.plugboard.api.execution.ExecutionState;
import io.plugboard.api.outbound.ApiClient;
import io.plugboard.api.provider.Action;
import io.plugboard.api.provider.ActionCall;
import io.plugboard.api.provider.ActionException;
import io.plugboard.api.provider.ActionRun;
import io.plugboard.api.provider.ProviderRegistry;
import io.plugboard.api.provider.RegisteredProvider;
import io.plugboard.api.provider.RunReport;
import io.plugboard.api.provider.RunState;
import io.plugboard.api.resource.IntegrationTypes;
import io.plugboard.api.resource.Resource;
import io.plugboard.api.resource.ResourceService;
import io.plugboard.core.internal.cluster.SingleNode;
import io.plugboard.core.internal.outbound.IntegrationClients;
import io.plugboard.core.internal.outbound.IntegrationCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs executions on one thread, {@code plugboard-executions}: a sweep every second (and at once after a new one is
 * stored) starts the pending ones whose time has come, polls the running ones that are due, and gives up on those
 * that waited longer than {@code runTimeoutHours}. A start is one call to {@link Action#start}; it is repeated only
 * when the provider surely did not get it ({@link ActionException#retryable()}), with growing delays. A start that was
 * under way when the server stopped is not repeated: it may have reached the provider, so it becomes an error that
 * says so. Reports (webhooks, polls) are applied here too, one at a time.
 */
final class ExecutionRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutionRunner.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(2);
    private static final Duration MAX_RETRY = Duration.ofMinutes(5);
    /** Finished executions a late report may still be about (see {@link RunMatcher}). */
    private static final Duration REPORT_WINDOW = Duration.ofDays(1);
    private static final int BATCH = 20;

    private final ExecutionStore store;
    private final ResourceService resources;
    private final ProviderRegistry providers;
    private final ExpressionResolver expressions;
    private final IntegrationCredentials credentials;
    private final IntegrationClients clients;
    private final ActionSchemas schemas;
    private final Consumer<Execution> published;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "plugboard-executions");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean sweepQueued = new AtomicBoolean();
    /** The integrations with a running execution: only their webhooks are read for reports. */
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private volatile boolean recovered;
    /** Executions are started and polled by one node of a cluster: the one holding this lease. */
    static final String TASK = "executions";
    static final Duration LEAD = Duration.ofSeconds(15);
    private final Cluster cluster;
    private volatile Duration pollInterval;
    private volatile Duration runTimeout;
    private volatile int maxStartAttempts;

    ExecutionRunner(ExecutionStore store, ResourceService resources, ProviderRegistry providers,
                    ExpressionResolver expressions, IntegrationCredentials credentials, IntegrationClients clients,
                    ActionSchemas schemas, Consumer<Execution> published, ExecutionsConfiguration config) {
        this(store, resources, providers, expressions, credentials, clients, schemas, published, config, SingleNode.INSTANCE);
    }

    ExecutionRunner(ExecutionStore store, ResourceService resources, ProviderRegistry providers,
                    ExpressionResolver expressions, IntegrationCredentials credentials, IntegrationClients clients,
                    ActionSchemas schemas, Consumer<Execution> published, ExecutionsConfiguration config, Cluster cluster) {
        this.cluster = cluster;
        this.store = store;
        this.resources = resources;
        this.providers = providers;
        this.expressions = expressions;
        this.credentials = credentials;
        this.clients = clients;
        this.schemas = schemas;
        this.published = published;
        configure(config);
    }

    void configure(ExecutionsConfiguration config) {
        pollInterval = Duration.ofSeconds(Math.max(1, config.pollIntervalSeconds()));
        runTimeout = Duration.ofHours(Math.max(1, config.runTimeoutHours()));
        maxStartAttempts = Math.max(1, config.maxStartAttempts());
    }

    void start() {
        thread.scheduleWithFixedDelay(this::sweep, 0, 1, TimeUnit.SECONDS);
    }

    void stop() {
        thread.shutdownNow();
    }

    /** A sweep soon, unless one is queued already. */
    void wake() {
        if (sweepQueued.compareAndSet(false, true)) {
            try {
                thread.execute(() -> {
                    sweepQueued.set(false);
                    sweep();
                });
            } catch (RejectedExecutionException stopping) {
                sweepQueued.set(false);
            }
        }
    }

    boolean hasRunning(String integrationUid) {
        return running.contains(integrationUid);
    }

    // ---- the sweep ------------------------------------------------------------------------------------

    private void sweep() {
        try {
            if (!cluster.lead(TASK, LEAD)) {
                recovered = false; // should this node lead again, the starts the leader left in flight are its to settle
                return;
            }
            if (!recovered) {
                recover();
                recovered = true;
            }
            Instant now = Instant.now();
            for (StoredExecution e : store.due(ExecutionState.PENDING, now, BATCH)) {
                startOne(e);
            }
            for (StoredExecution e : store.due(ExecutionState.RUNNING, now, BATCH)) {
                if (e.view().createdAt().plus(runTimeout).isBefore(now)) {
                    move(e, ExecutionState.RUNNING, ExecutionState.ERROR, e.ids(), e.view().outputs(),
                            "no outcome from the provider within " + runTimeout.toHours() + " h", null);
                } else {
                    pollOne(e);
                }
            }
            Set<String> now2 = Set.copyOf(store.integrationsRunning());
            running.retainAll(now2);
            running.addAll(now2);
        } catch (RuntimeException e) {
            LOG.warn("Working the executions failed; the next sweep retries: {}", e.toString());
        }
    }

    /** Starts that were under way when the server stopped: they may have reached the provider, so they are not repeated. */
    private void recover() {
        for (StoredExecution e : store.inFlight()) {
            move(e, ExecutionState.PENDING, ExecutionState.ERROR, e.ids(), e.view().outputs(),
                    "Plugboard stopped while starting it, after the request may have reached " + e.view().provider()
                            + "; it is not started again so that it cannot run twice: check at the provider", null);
        }
    }

    // ---- starting -------------------------------------------------------------------------------------

    private void startOne(StoredExecution e) {
        Instant now = Instant.now();
        if (!store.claimStart(e.id(), now)) {
            return;
        }
        int attempt = e.attempts() + 1;
        Resolved r;
        try {
            r = resolve(e);
        } catch (Unavailable u) {
            if (u.retryable && attempt < maxStartAttempts) {
                retryLater(e, attempt, u.getMessage(), null);
            } else {
                move(e, ExecutionState.PENDING, ExecutionState.ERROR, e.ids(), Map.of(), u.getMessage(), null);
            }
            return;
        }
        try {
            ActionRun run = r.action.start(r.api, r.call);
            Instant started = Instant.now();
            if (run.state() == RunState.RUNNING) {
                if (move(e, ExecutionState.PENDING, ExecutionState.RUNNING, run.ids(), run.outputs(), run.reason(),
                        started.plus(pollInterval), started, null)) {
                    running.add(e.integrationUid());
                    LOG.info("Execution {} is running at {}: {}", e.id(), e.view().provider(), run.ids());
                }
            } else {
                move(e, ExecutionState.PENDING, state(run.state()), run.ids(), run.outputs(), run.reason(), null,
                        started, started);
            }
        } catch (ActionException ex) {
            if (ex.retryable() && attempt < maxStartAttempts) {
                retryLater(e, attempt, ex.getMessage(), ex.retryAfter().orElse(null));
            } else {
                move(e, ExecutionState.PENDING, ExecutionState.ERROR, e.ids(), Map.of(), ex.getMessage()
                        + (ex.retryable() ? " (gave up after " + attempt + " attempts)" : ""), null);
            }
        } catch (RuntimeException | LinkageError ex) { // a provider's bug, or its bundle going away mid-call
            LOG.warn("Action {} of {} failed on execution {}", e.view().action(), e.view().provider(), e.id(), ex);
            move(e, ExecutionState.PENDING, ExecutionState.ERROR, e.ids(), Map.of(),
                    "the provider's action failed: " + ex, null);
        }
    }

    private void retryLater(StoredExecution e, int attempt, String reason, Duration retryAfter) {
        Duration wait = delay(attempt);
        if (retryAfter != null && retryAfter.compareTo(wait) > 0) {
            wait = retryAfter.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retryAfter;
        }
        Instant next = Instant.now().plus(wait);
        store.update(e.id(), ExecutionState.PENDING, ExecutionState.PENDING, e.ids(), e.view().outputs(),
                "waiting to try again (attempt " + attempt + " of " + maxStartAttempts + "): " + reason, next, null,
                null, Instant.now());
        LOG.info("Execution {} not started (attempt {}), next try in {} s: {}", e.id(), attempt, wait.toSeconds(), reason);
    }

    /** 2 s, 4 s, 8 s, … at most 5 minutes. */
    static Duration delay(int failures) {
        long millis = FIRST_RETRY.toMillis() << Math.min(failures - 1, 20);
        return Duration.ofMillis(Math.min(millis, MAX_RETRY.toMillis()));
    }

    // ---- following ------------------------------------------------------------------------------------

    private void pollOne(StoredExecution e) {
        store.nextPoll(e.id(), Instant.now().plus(pollInterval));
        Resolved r;
        try {
            r = resolve(e);
        } catch (Unavailable u) {
            LOG.debug("Execution {} not polled: {}", e.id(), u.getMessage());
            return;
        }
        try {
            for (RunReport report : r.action.poll(r.api, r.call, e.ids())) {
                apply(report, e.integrationUid(), r.action);
            }
        } catch (ActionException ex) {
            LOG.info("Polling execution {} at {} failed: {}", e.id(), e.view().provider(), ex.getMessage());
        } catch (RuntimeException | LinkageError ex) {
            LOG.warn("Polling execution {} failed in the provider's action", e.id(), ex);
        }
    }

    /** A verified webhook of the integration's provider: each of its actions says what it reports. */
    void webhook(Resource integration, String eventType, Supplier<Map<String, Object>> body) {
        try {
            thread.execute(() -> {
                Optional<RegisteredProvider> provider = providers.provider(IntegrationTypes.providerId(integration));
                if (provider.isEmpty()) {
                    return;
                }
                Map<String, Object> parsed = null;
                for (Action action : provider.get().actions()) {
                    try {
                        if (parsed == null) {
                            parsed = body.get();
                            if (parsed == null) {
                                return;
                            }
                        }
                        for (RunReport report : action.reports(eventType, parsed)) {
                            apply(report, integration.uid(), action);
                        }
                    } catch (RuntimeException | LinkageError ex) {
                        LOG.warn("Reading a {} webhook for action {} failed", eventType, action.name(), ex);
                    }
                }
            });
        } catch (RejectedExecutionException stopping) {
            // the poll after the next start covers it
        }
    }

    /** Applies one report to the execution it belongs to, if any. On the executions thread. */
    void apply(RunReport report, String integrationUid, Action action) {
        List<StoredExecution> candidates = store.candidates(integrationUid, action.name(),
                Instant.now().minus(REPORT_WINDOW));
        Optional<StoredExecution> match = RunMatcher.match(report, candidates);
        if (match.isEmpty() || match.get().state() != ExecutionState.RUNNING) {
            return;
        }
        StoredExecution e = match.get();
        Map<String, String> ids = new LinkedHashMap<>(e.ids());
        ids.putAll(report.ids());
        Map<String, Object> outputs = new LinkedHashMap<>(e.view().outputs());
        outputs.putAll(report.outputs());
        if (report.state() == RunState.RUNNING) {
            if (!ids.equals(e.ids()) || !outputs.equals(e.view().outputs())) {
                store.update(e.id(), ExecutionState.RUNNING, ExecutionState.RUNNING, ids, outputs, e.view().reason(),
                        e.nextAt(), e.view().startedAt(), null, Instant.now());
            }
            return;
        }
        Instant now = Instant.now();
        if (move(e, ExecutionState.RUNNING, state(report.state()), ids, outputs, report.reason(), null,
                e.view().startedAt(), now)) {
            LOG.info("Execution {} {}", e.id(), report.state().name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    // ---- reported by the runner itself -----------------------------------------------------------------

    /** The outcome a CI job reports for the execution it runs; the first report (or webhook, or poll) wins. */
    Execution complete(StoredExecution e, ExecutionState state, Map<String, Object> outputs, String reason) {
        if (!state.finished() || state == ExecutionState.CANCELLED) {
            throw new IllegalArgumentException("An execution completes as PASSED, FAILED or ERROR, not " + state + ".");
        }
        if (e.state().finished()) {
            throw new IllegalStateException("Execution '" + e.id() + "' has finished (" + e.state() + ").");
        }
        Map<String, Object> merged = new LinkedHashMap<>(e.view().outputs());
        merged.putAll(outputs == null ? Map.of() : outputs);
        Instant now = Instant.now();
        if (!move(e, e.state(), state, e.ids(), merged, state == ExecutionState.PASSED ? null : reason, null,
                e.view().startedAt() == null ? now : e.view().startedAt(), now)) {
            StoredExecution current = store.get(e.id()).orElseThrow();
            throw new IllegalStateException("Execution '" + e.id() + "' has " + (current.state().finished()
                    ? "finished (" + current.state() + ")" : "moved on (" + current.state() + ")") + "; try again.");
        }
        return store.get(e.id()).orElseThrow().view();
    }

    // ---- cancelling -----------------------------------------------------------------------------------

    Execution cancel(StoredExecution e) {
        Instant now = Instant.now();
        if (e.state() == ExecutionState.PENDING && !e.inFlight()) {
            if (move(e, ExecutionState.PENDING, ExecutionState.CANCELLED, e.ids(), e.view().outputs(),
                    "cancelled before it started", null, null, now)) {
                return store.get(e.id()).orElseThrow().view();
            }
            e = store.get(e.id()).orElseThrow();
        }
        if (e.state().finished()) {
            throw new IllegalStateException("Execution '" + e.id() + "' has finished (" + e.state() + ").");
        }
        if (e.state() != ExecutionState.RUNNING) {
            throw new IllegalStateException("Execution '" + e.id() + "' is being started; cancel it once it runs.");
        }
        Resolved r;
        try {
            r = resolve(e);
        } catch (Unavailable u) {
            throw new IllegalStateException("Execution '" + e.id() + "' cannot be cancelled now: " + u.getMessage());
        }
        if (!r.action.cancellable()) {
            throw new IllegalStateException("Action " + e.view().provider() + " " + e.view().action()
                    + " cannot be cancelled.");
        }
        try {
            r.action.cancel(r.api, r.call, e.ids());
        } catch (ActionException ex) {
            throw new IllegalStateException("The provider did not cancel execution '" + e.id() + "': " + ex.getMessage());
        }
        if (!move(e, ExecutionState.RUNNING, ExecutionState.CANCELLED, e.ids(), e.view().outputs(),
                "cancelled by a user", null, e.view().startedAt(), Instant.now())) {
            LOG.info("Execution {} finished while it was being cancelled", e.id());
        }
        return store.get(e.id()).orElseThrow().view();
    }

    // ---- helpers --------------------------------------------------------------------------------------

    /** What a call needs: the action, a client for the integration, the input resolved. */
    private record Resolved(Action action, ApiClient api, ActionCall call) {
    }

    /** Why an execution cannot be called now. */
    private static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;
        final boolean retryable;

        Unavailable(String message, boolean retryable) {
            super(message, null, false, false);
            this.retryable = retryable;
        }
    }

    private Resolved resolve(StoredExecution e) throws Unavailable {
        Resource integration = resources.getByUid(e.integrationUid()).orElseThrow(() ->
                new Unavailable("the integration '" + e.view().integration() + "' was deleted", false));
        RegisteredProvider provider = providers.provider(e.view().provider()).orElseThrow(() ->
                new Unavailable("provider '" + e.view().provider() + "' is not installed", true));
        Action action = provider.actions().stream().filter(a -> a.name().equals(e.view().action())).findFirst()
                .orElseThrow(() -> new Unavailable("provider '" + e.view().provider() + "' has no action '"
                        + e.view().action() + "' any more", false));
        IntegrationCredentials.Access access = credentials.access(integration).filter(IntegrationCredentials.Access::hasCredential)
                .orElseThrow(() -> new Unavailable("the integration '" + integration.name() + "' has no credential "
                        + "(spec.auth) to call " + provider.name() + " with", false));
        Map<String, Object> input;
        try {
            input = expressions.resolveInput(schemas.of(action).tree(), e.view().input(), integration.scope());
        } catch (IllegalArgumentException | IllegalStateException ex) {
            throw new Unavailable("its input does not resolve: " + ex.getMessage(), false);
        }
        ApiClient api;
        try {
            api = clients.client(access);
        } catch (RuntimeException ex) {
            throw new Unavailable(ex.getMessage(), false);
        }
        return new Resolved(action, api, new ActionCall(credentials.context(integration), e.id(), input,
                e.view().createdAt()));
    }

    private boolean move(StoredExecution e, ExecutionState from, ExecutionState to, Map<String, String> ids,
                         Map<String, Object> outputs, String reason, Instant nextAt) {
        Instant now = Instant.now();
        return move(e, from, to, ids, outputs, reason, nextAt, e.view().startedAt(), to.finished() ? now : null);
    }

    private boolean move(StoredExecution e, ExecutionState from, ExecutionState to, Map<String, String> ids,
                         Map<String, Object> outputs, String reason, Instant nextAt, Instant startedAt,
                         Instant finishedAt) {
        if (!store.update(e.id(), from, to, ids, outputs, reason, nextAt, startedAt, finishedAt, Instant.now())) {
            return false;
        }
        if (to.finished()) {
            LOG.info("Execution {} of {} {} is {}{}", e.id(), e.view().provider(), e.view().action(), to,
                    reason == null ? "" : ": " + reason);
        }
        store.get(e.id()).map(StoredExecution::view).ifPresent(published);
        return true;
    }

    private static ExecutionState state(RunState state) {
        switch (state) {
            case PASSED: return ExecutionState.PASSED;
            case FAILED: return ExecutionState.FAILED;
            case CANCELLED: return ExecutionState.CANCELLED;
            default: return ExecutionState.RUNNING;
        }
    }
}
