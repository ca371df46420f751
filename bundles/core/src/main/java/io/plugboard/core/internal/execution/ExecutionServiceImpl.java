package io.plugboard.core.internal.execution;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plugboard.api.cluster.Cluster;
import io.plugboard.api.connection.ExpressionResolver;
import io.plugboard.api.event.Event;
import io.plugboard.api.execution.Execution;
import io.plugboard.api.execution.ExecutionNotFoundException;
import io.plugboard.api.execution.ExecutionQuery;
import io.plugboard.api.execution.ExecutionService;
import io.plugboard.api.execution.ExecutionState;
import io.plugboard.api.execution.UnknownActionException;
import io.plugboard.api.provider.Action;
import io.plugboard.api.provider.ProviderRegistry;
import io.plugboard.api.provider.RegisteredProvider;
import io.plugboard.api.provider.WebhookBody;
import io.plugboard.api.resource.FieldError;
import io.plugboard.api.resource.IntegrationTypes;
import io.plugboard.api.resource.InvalidResourceException;
import io.plugboard.api.resource.Kind;
import io.plugboard.api.resource.Resource;
import io.plugboard.api.resource.ResourceNotFoundException;
import io.plugboard.api.resource.ResourceRef;
import io.plugboard.api.resource.ResourceService;
import io.plugboard.api.resource.Scope;
import io.plugboard.api.system.SystemStatus;
import io.plugboard.core.internal.event.DeliveryHook;
import io.plugboard.core.internal.event.IngestTap;
import io.plugboard.core.internal.outbound.IntegrationClients;
import io.plugboard.core.internal.outbound.IntegrationCredentials;
import io.plugboard.core.internal.resource.References;
import io.plugboard.core.internal.storage.Transactions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executions: validates an executor block ({@code {type, integration: {domain, name}, action, <provider>: {input}}})
 * against the action's schema, stores the execution, and hands it to the {@link ExecutionRunner}; starts the
 * executions of event sources with {@code spec.execute} as their events are delivered (at most one per event and
 * event source: the trigger key is unique); feeds the providers' webhooks to the runner as reports.
 */
@Component(service = {ExecutionService.class, DeliveryHook.class}, immediate = true,
        configurationPid = ExecutionsConfiguration.PID)
public class ExecutionServiceImpl implements ExecutionService, DeliveryHook, IngestTap.Listener {

    static final String MASK = ExpressionResolver.MASK;
    private static final Logger LOG = LoggerFactory.getLogger(ExecutionServiceImpl.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() { };
    /** Webhook bodies larger than this are not read for reports (no provider's completion webhook is that big). */
    private static final long MAX_REPORT_BODY = 1024 * 1024;
    private static final Set<String> BLOCK_FIELDS = Set.of("type", "integration", "action");

    private final ExecutionStore store;
    private final ResourceService resources;
    private final ProviderRegistry providers;
    private final ExpressionResolver expressions;
    private final ActionSchemas schemas = new ActionSchemas();
    private final IngestTap tap;
    private final ExecutionRunner runner;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin eventAdmin;

    @Activate
    public ExecutionServiceImpl(@Reference(target = "(dataSourceName=plugboard)") DataSource dataSource,
                                @Reference SystemStatus migratedSchema, @Reference ResourceService resources,
                                @Reference ProviderRegistry providers, @Reference ExpressionResolver expressions,
                                @Reference IntegrationCredentials credentials, @Reference IntegrationClients clients,
                                @Reference IngestTap tap, ExecutionsConfiguration config, @Reference Cluster cluster) {
        this.store = new ExecutionStore(new Transactions(dataSource));
        this.resources = resources;
        this.providers = providers;
        this.expressions = expressions;
        this.tap = tap;
        this.runner = new ExecutionRunner(store, resources, providers, expressions, credentials, clients, schemas,
                this::publish, config, cluster);
        tap.tap(this);
        runner.start();
    }

    @Modified
    void modified(ExecutionsConfiguration config) {
        runner.configure(config);
    }

    @Deactivate
    void deactivate() {
        tap.tap(null);
        runner.stop();
    }

    // ---- the API --------------------------------------------------------------------------------------

    @Override
    public Execution start(Scope scope, Map<String, Object> executor) {
        Target target = target(scope, executor, "executor");
        Execution stored = store(target, target.input(), "api", null);
        return masked(stored);
    }

    @Override
    public Optional<Execution> get(String id) {
        return store.get(id).map(StoredExecution::view).map(this::masked);
    }

    @Override
    public List<Execution> list(ExecutionQuery query) {
        return store.list(query).stream().map(this::masked).toList();
    }

    @Override
    public Execution cancel(String id) {
        StoredExecution e = store.get(id).orElseThrow(() -> new ExecutionNotFoundException(id));
        return masked(runner.cancel(e));
    }

    @Override
    public Execution complete(String id, ExecutionState state, Map<String, Object> outputs, String reason) {
        StoredExecution e = store.get(id).orElseThrow(() -> new ExecutionNotFoundException(id));
        return masked(runner.complete(e, state, outputs, reason));
    }

    // ---- the executor block ---------------------------------------------------------------------------

    /** What an executor block names, checked: integration, provider, action and the input (unresolved). */
    record Target(Resource integration, RegisteredProvider provider, Action action, Map<String, Object> input) {
    }

    /**
     * @param path where the block is, for messages: {@code executor} or {@code spec.execute.executor}
     */
    @SuppressWarnings("unchecked")
    Target target(Scope scope, Map<String, Object> executor, String path) {
        List<FieldError> errors = new ArrayList<>();
        if (executor == null) {
            throw invalid(new FieldError(0, path, "required"));
        }
        Object type = executor.get("type");
        Object ref = executor.get("integration");
        if (!(type instanceof String) || IntegrationTypes.providerId((String) type).isEmpty()) {
            errors.add(new FieldError(0, path + ".type", "required: TYPE_<PROVIDER>, e.g. TYPE_SEMAPHORE"));
        }
        Map<String, Object> integrationRef = ref instanceof Map ? (Map<String, Object>) ref : null;
        if (integrationRef == null || !(integrationRef.get("name") instanceof String)) {
            errors.add(new FieldError(0, path + ".integration.name", "required"));
        }
        Object domain = integrationRef == null ? null : integrationRef.getOrDefault("domain", "ORGANIZATION");
        if (integrationRef != null && !"ORGANIZATION".equals(domain) && !"CANVAS".equals(domain)) {
            errors.add(new FieldError(0, path + ".integration.domain", "must be ORGANIZATION or CANVAS"));
        }
        if (executor.get("action") != null && !(executor.get("action") instanceof String)) {
            errors.add(new FieldError(0, path + ".action", "must be an action's name"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidResourceException(errors);
        }
        String providerId = IntegrationTypes.providerId((String) type);
        for (String key : executor.keySet()) {
            if (!BLOCK_FIELDS.contains(key) && !key.equals(providerId)) {
                errors.add(new FieldError(0, path + "." + key, "unknown field (the input goes in " + path + "."
                        + providerId + ")"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidResourceException(errors);
        }
        ResourceRef integrationName = new ResourceRef(Kind.INTEGRATION,
                References.integrationScope(scope, (String) domain), (String) integrationRef.get("name"));
        Resource integration = resources.get(integrationName).orElseThrow(() -> new ResourceNotFoundException(integrationName));
        String integrationProvider = IntegrationTypes.providerId(integration);
        if (!providerId.equals(integrationProvider)) {
            throw invalid(new FieldError(0, path + ".type", type + " does not match the integration's type "
                    + integration.spec().get("type")));
        }
        RegisteredProvider provider = providers.provider(providerId).orElseThrow(() ->
                new UnknownActionException("Provider '" + providerId + "' is not installed."));
        Action action = action(provider, (String) executor.get("action"));
        Object block = executor.get(providerId);
        if (block != null && !(block instanceof Map)) {
            throw invalid(new FieldError(0, path + "." + providerId, "must be an object: the action's input"));
        }
        Map<String, Object> input = block == null ? new LinkedHashMap<>() : new LinkedHashMap<>((Map<String, Object>) block);
        return new Target(integration, provider, action, input);
    }

    private static Action action(RegisteredProvider provider, String name) {
        List<Action> actions = provider.actions();
        if (name == null) {
            if (actions.size() == 1) {
                return actions.get(0);
            }
            throw new UnknownActionException(actions.isEmpty() ? "Provider '" + provider.id() + "' has no actions."
                    : "Provider '" + provider.id() + "' has several actions; name one in executor.action: "
                    + actions.stream().map(Action::name).sorted().toList());
        }
        return actions.stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow(() ->
                new UnknownActionException("Provider '" + provider.id() + "' has no action '" + name + "'"
                        + (actions.isEmpty() ? "." : "; it has " + actions.stream().map(Action::name).sorted().toList())));
    }

    /** Validates the input against the action's schema and resolves its connections once, to refuse what would fail. */
    private void check(Target target, Map<String, Object> input, String path) {
        String where = path + "." + target.provider().id();
        List<FieldError> errors = schemas.validate(target.action(), input, where);
        if (!errors.isEmpty()) {
            throw new InvalidResourceException(errors);
        }
        try {
            expressions.resolveInput(schemas.of(target.action()).tree(), input, target.integration().scope());
        } catch (IllegalArgumentException e) {
            throw invalid(new FieldError(0, where, e.getMessage()));
        }
    }

    private Execution store(Target target, Map<String, Object> input, String trigger, String triggerKey) {
        check(target, input, "executor");
        Instant now = Instant.now();
        String id = UUID.randomUUID().toString();
        Resource integration = target.integration();
        Execution e = new Execution(id, integration.scope(), integration.name(), target.provider().id(),
                target.action().name(), ExecutionState.PENDING, input, Map.of(), Map.of(), null, trigger, now, null, null);
        if (!store.insert(e, integration.uid(), triggerKey == null ? "api:" + id : triggerKey, now)) {
            return null;
        }
        LOG.info("Execution {} of {} {} through {} stored ({})", id, target.provider().id(), target.action().name(),
                integration.ref(), trigger);
        publish(e);
        runner.wake();
        return e;
    }

    private static InvalidResourceException invalid(FieldError error) {
        return new InvalidResourceException(List.of(error));
    }

    // ---- spec.execute of event sources ------------------------------------------------------------------

    @Override
    @SuppressWarnings("unchecked")
    public void delivering(ResourceRef eventSourceRef, Event event, byte[] body) {
        Optional<Resource> found = resources.get(eventSourceRef);
        if (found.isEmpty() || !(found.get().spec().get("execute") instanceof Map<?, ?> execute)) {
            return;
        }
        Resource source = found.get();
        String triggerKey = "source:" + source.uid() + "/" + event.id();
        String trigger = "eventSource:" + source.name() + "/" + event.id();
        Object executor = ((Map<String, Object>) execute).get("executor");
        Object parsedBody;
        try {
            parsedBody = JSON.readValue(body, Object.class);
        } catch (IOException e) {
            parsedBody = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
        Target target;
        Map<String, Object> input;
        try {
            target = target(source.scope(), executor instanceof Map ? (Map<String, Object>) executor : null,
                    "spec.execute.executor");
            input = (Map<String, Object>) EventExpressions.resolve(target.input(),
                    new EventExpressions.EventValues(event.id(), event.eventType(), event.provider(), parsedBody));
            if (store(target, input, trigger, triggerKey) == null) {
                LOG.debug("Event {} has started its execution for {} already", event.id(), source.ref());
            }
        } catch (InvalidResourceException | ResourceNotFoundException | UnknownActionException | IllegalArgumentException e) {
            storeRefused(source, (Map<String, Object>) execute, event, trigger, triggerKey, e.getMessage());
        }
    }

    /** An event source's executor that cannot run for this event: stored as an error, so that users see why (once). */
    @SuppressWarnings("unchecked")
    private void storeRefused(Resource source, Map<String, Object> execute, Event event, String trigger,
                              String triggerKey, String reason) {
        Map<String, Object> executor = execute.get("executor") instanceof Map ? (Map<String, Object>) execute.get("executor")
                : Map.of();
        String type = String.valueOf(executor.getOrDefault("type", ""));
        String providerId = IntegrationTypes.providerId(type).isEmpty() ? "unknown" : IntegrationTypes.providerId(type);
        Object ref = executor.get("integration");
        String integrationName = ref instanceof Map<?, ?> m && m.get("name") != null ? m.get("name").toString() : "";
        Instant now = Instant.now();
        String id = UUID.randomUUID().toString();
        Execution e = new Execution(id, source.scope(), integrationName, providerId,
                String.valueOf(executor.getOrDefault("action", "")), ExecutionState.ERROR,
                executor.get(providerId) instanceof Map ? (Map<String, Object>) executor.get(providerId) : Map.of(),
                Map.of(), Map.of(), "not started: " + reason, trigger, now, null, now);
        if (store.insert(e, "", triggerKey, null)) {
            LOG.warn("Event {} could not start the executor of {}: {}", event.id(), source.ref(), reason);
            publish(e);
        }
    }

    // ---- the providers' webhooks ------------------------------------------------------------------------

    @Override
    public void ingested(Resource integration, String eventId, String eventType, WebhookBody body) {
        if (!runner.hasRunning(integration.uid()) || body.length() > MAX_REPORT_BODY) {
            return;
        }
        byte[] bytes;
        try (InputStream in = body.open()) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            LOG.warn("Event {} could not be read for execution reports: {}", eventId, e.toString());
            return;
        }
        runner.webhook(integration, eventType, () -> {
            try {
                return JSON.readValue(bytes, MAP);
            } catch (IOException e) {
                return null; // not a JSON object: no report
            }
        });
    }

    // ---- views and events -------------------------------------------------------------------------------

    /** The execution with the input's secret fields masked (by the action's schema, and by name). */
    private Execution masked(Execution e) {
        Set<String> secret = providers.provider(e.provider()).flatMap(p -> p.actions().stream()
                .filter(a -> a.name().equals(e.action())).findFirst()).map(a -> {
                    try {
                        return schemas.secretProperties(a);
                    } catch (IllegalStateException invalidSchema) {
                        return Set.<String>of();
                    }
                }).orElse(Set.of());
        return new Execution(e.id(), e.scope(), e.integration(), e.provider(), e.action(), e.state(),
                mask(e.input(), secret), e.ids(), e.outputs(), e.reason(), e.trigger(), e.createdAt(), e.startedAt(),
                e.finishedAt());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> mask(Map<String, Object> input, Set<String> secret) {
        Map<String, Object> out = new LinkedHashMap<>();
        input.forEach((k, v) -> {
            if (v instanceof String s && !s.startsWith("${") && (secret.contains(k) || secretName(k))) {
                out.put(k, MASK);
            } else if (v instanceof Map<?, ?> m) {
                out.put(k, mask((Map<String, Object>) m, Set.of()));
            } else {
                out.put(k, v);
            }
        });
        return out;
    }

    private static boolean secretName(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("token") || k.contains("password") || k.contains("secret") || k.endsWith("key");
    }

    /** Posts {@code plugboard/executions/<provider>/<state>} with the execution (input masked) as JSON. */
    void publish(Execution raw) {
        EventAdmin admin = eventAdmin;
        if (admin == null) {
            return;
        }
        Execution e = masked(raw);
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("id", e.id());
        props.put("integration", e.integration());
        props.put("provider", e.provider());
        props.put("action", e.action());
        props.put("state", e.state().name());
        props.put("organization", e.scope().organization());
        if (e.scope().canvasId() != null) {
            props.put("canvasId", e.scope().canvasId());
        }
        if (e.reason() != null) {
            props.put("reason", e.reason());
        }
        try {
            props.put("json", JSON.writeValueAsString(e.toMap()));
        } catch (IOException ex) {
            LOG.warn("Execution {} not published: {}", e.id(), ex.toString());
            return;
        }
        admin.postEvent(new org.osgi.service.event.Event(TOPIC_PREFIX + topicPart(e.provider()) + "/"
                + e.state().name().toLowerCase(Locale.ROOT), props));
    }

    private static String topicPart(String s) {
        return s.replaceAll("[^A-Za-z0-9_-]", "_");
    }
}
