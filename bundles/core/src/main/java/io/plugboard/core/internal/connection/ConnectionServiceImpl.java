package io.plugboard.core.internal.connection;

import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import io.plugboard.api.cluster.Cluster;
import io.plugboard.api.connection.Connection;
import io.plugboard.api.connection.ConnectionExistsException;
import io.plugboard.api.connection.ConnectionInUseException;
import io.plugboard.api.connection.ConnectionNotFoundException;
import io.plugboard.api.connection.ConnectionRevoker;
import io.plugboard.api.connection.ObtainedConnection;
import io.plugboard.api.connection.RevocationFailedException;
import io.plugboard.api.connection.ConnectionService;
import io.plugboard.api.connection.ConnectionSource;
import io.plugboard.api.connection.ConnectionState;
import io.plugboard.api.connection.ConnectionStatus;
import io.plugboard.api.connection.ConnectionType;
import io.plugboard.api.connection.ConnectionTypeRef;
import io.plugboard.api.connection.ConnectionTypeRegistry;
import io.plugboard.api.connection.CreatedConnection;
import io.plugboard.api.connection.ExpressionResolver;
import io.plugboard.api.connection.FormField;
import io.plugboard.api.connection.NewConnection;
import io.plugboard.api.connection.SourceKind;
import io.plugboard.api.resource.AppliedResource;
import io.plugboard.api.resource.ApplyAction;
import io.plugboard.api.resource.FieldError;
import io.plugboard.api.resource.InvalidResourceException;
import io.plugboard.api.resource.ResourceRef;
import io.plugboard.api.resource.Scope;
import io.plugboard.api.system.SystemStatus;
import io.plugboard.core.internal.cluster.SingleNode;
import io.plugboard.core.internal.CoreConfiguration;
import io.plugboard.core.internal.crypto.KeyRing;
import io.plugboard.core.internal.crypto.KeyRing.Sealed;
import io.plugboard.core.internal.crypto.Vault;
import io.plugboard.core.internal.storage.Transactions;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connections in the database: the stored object sealed by the shared {@link KeyRing}, the rest in clear (type, name,
 * status, subject). Types come from the {@link ConnectionTypeRegistry} (connection type files of active providers);
 * a connection whose type is gone is kept, and reported unhealthy when probed.
 */
@Component(service = {ConnectionService.class, ExpressionResolver.class}, configurationPid = CoreConfiguration.PID,
        immediate = true)
public class ConnectionServiceImpl implements ConnectionService, ExpressionResolver {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionServiceImpl.class);
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final String UNIQUE_VIOLATION = "23505";

    private final Transactions jdbc;
    private final KeyRing keys;
    private final ProbeClient probes;
    private final ConnectionReferrers referrers;
    private final ConnectionStore store = new ConnectionStore();
    private final SecureRandom random = new SecureRandom();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "plugboard-connection-probe");
        t.setDaemon(true);
        return t;
    });
    private ScheduledFuture<?> periodic;
    private volatile long probeSeconds;
    /** The periodic probe runs on one node of a cluster. */
    private volatile Cluster cluster = SingleNode.INSTANCE;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ConnectionTypeRegistry registry;

    private final List<ConnectionRevoker> revokers = new CopyOnWriteArrayList<>();

    @Activate
    public ConnectionServiceImpl(@Reference(target = "(dataSourceName=plugboard)") DataSource dataSource,
                                 @Reference SystemStatus migratedSchema, @Reference Vault vault,
                                 @Reference ConnectionReferrers referrers, CoreConfiguration config,
                                 @Reference Cluster cluster) {
        this(new Transactions(dataSource), vault.keys(), new ProbeClient(), referrers);
        this.cluster = cluster;
        schedule(config.connectionProbeInterval());
    }

    ConnectionServiceImpl(Transactions jdbc, KeyRing keys, ProbeClient probes, ConnectionReferrers referrers) {
        this.referrers = referrers;
        this.jdbc = jdbc;
        this.keys = keys;
        this.probes = probes;
        referrers.connectionDocuments(this::applyDocument);
    }

    /** For tests and for DS (field injection). */
    void registry(ConnectionTypeRegistry registry) {
        this.registry = registry;
    }

    /**
     * The revokers are bound as service objects and obtained only when a connection is deleted: the OAuth
     * bundle's revoker needs this service itself, so getting it while this component activates is a circular
     * reference that SCR reports as an ERROR (and resolves late, depending on the order bundles start).
     */
    @Reference(service = ConnectionRevoker.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, unbind = "unbindRevoker")
    void bindRevoker(ComponentServiceObjects<ConnectionRevoker> objects) {
        revokers.add(new OnDemandRevoker(objects));
    }

    void unbindRevoker(ComponentServiceObjects<ConnectionRevoker> objects) {
        revokers.removeIf(r -> r instanceof OnDemandRevoker && ((OnDemandRevoker) r).objects == objects);
    }

    /** For tests. */
    void addRevoker(ConnectionRevoker revoker) {
        revokers.add(revoker);
    }

    /** A revoker service got for each call and released after it. */
    private static final class OnDemandRevoker implements ConnectionRevoker {
        private final ComponentServiceObjects<ConnectionRevoker> objects;

        OnDemandRevoker(ComponentServiceObjects<ConnectionRevoker> objects) {
            this.objects = objects;
        }

        @Override
        public boolean revokes(ConnectionType type, ConnectionSource source) {
            ConnectionRevoker revoker = objects.getService();
            if (revoker == null) {
                return false;
            }
            try {
                return revoker.revokes(type, source);
            } finally {
                objects.ungetService(revoker);
            }
        }

        @Override
        public void revoke(Connection connection, ConnectionType type, Map<String, Object> storage) throws Exception {
            ConnectionRevoker revoker = objects.getService();
            if (revoker == null) {
                throw new IllegalStateException("the revoker of " + type.ref() + " is no longer available");
            }
            try {
                revoker.revoke(connection, type, storage);
            } finally {
                objects.ungetService(revoker);
            }
        }
    }

    @Modified
    void modified(CoreConfiguration config) {
        schedule(config.connectionProbeInterval());
    }

    @Deactivate
    void deactivate() {
        referrers.connectionDocuments(null);
        scheduler.shutdownNow();
    }

    private synchronized void schedule(long seconds) {
        if (periodic != null) {
            periodic.cancel(false);
            periodic = null;
        }
        probeSeconds = seconds;
        if (seconds > 0) {
            periodic = scheduler.scheduleWithFixedDelay(this::probeAllOnOneNode, Math.min(seconds, 60), seconds, TimeUnit.SECONDS);
        }
    }

    private void probeAllOnOneNode() {
        if (cluster.lead("connections.probe", java.time.Duration.ofSeconds(probeSeconds + 60))) {
            probeAll();
        }
    }

    /** Probes every connection whose type has a probe; one failure does not stop the others. */
    void probeAll() {
        for (Connection c : list(null, null)) {
            Optional<ConnectionType> type = type(c.type());
            if (type.isPresent() && type.get().probe() == null) {
                continue;
            }
            try {
                test(c.uid());
            } catch (RuntimeException e) {
                LOG.warn("Periodic probe of connection {} {} failed: {}", c.type(), c.name(), e.toString());
            }
        }
    }

    // ---- types and forms ----------------------------------------------------------------------------

    private Optional<ConnectionType> type(ConnectionTypeRef ref) {
        ConnectionTypeRegistry r = registry;
        return r == null ? Optional.empty() : r.find(ref);
    }

    private ConnectionType requireType(ConnectionTypeRef ref) {
        return type(ref).orElseThrow(() -> {
            ConnectionTypeRegistry r = registry;
            String known = r == null ? "" : r.types().stream().map(t -> t.ref().toString()).collect(Collectors.joining(", "));
            return new ConnectionNotFoundException("No connection type " + ref + ": its provider '" + ref.provider()
                    + "' is not active or has no such type" + (known.isEmpty() ? "." : " (available: " + known + ")."));
        });
    }

    private static ConnectionSource requireSource(ConnectionType type, String name) {
        return type.source(name).orElseThrow(() -> new ConnectionNotFoundException("Connection type " + type.ref()
                + " has no source '" + name + "' (sources: "
                + type.sources().stream().map(ConnectionSource::name).collect(Collectors.joining(", ")) + ")."));
    }

    @Override
    public List<FormField> form(ConnectionTypeRef ref, String sourceName) {
        ConnectionType type = requireType(ref);
        ConnectionSource source = requireSource(type, sourceName);
        if (source.kind() != SourceKind.FORM) {
            throw new IllegalArgumentException("Source '" + source.name() + "' of " + ref + " is " + source.kind().kindName()
                    + ", not a form: start it with POST /api/v1/connections/authorize or plugboard:connect.");
        }
        return ConnectionForms.fields(type.storageSchema());
    }

    // ---- create -------------------------------------------------------------------------------------

    @Override
    public CreatedConnection create(NewConnection request) {
        ConnectionType type = requireType(request.type());
        form(request.type(), request.source());
        ConnectionSource source = requireSource(type, request.source());
        List<FieldError> errors = new ArrayList<>();
        if (request.name() == null || !NAME.matcher(request.name()).matches()) {
            errors.add(new FieldError(0, "name", request.name() == null ? "required"
                    : "'" + request.name() + "' is not a valid name: lower-case letters, digits and '-', at most 63"));
        }
        Map<String, Object> storage = new LinkedHashMap<>(request.input());
        ConnectionForms.generate(type.displayOnceSchema(), storage, random);
        errors.addAll(ConnectionForms.validate(type.storageSchema(), storage, "input"));
        if (!errors.isEmpty()) {
            throw new InvalidResourceException(errors);
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Connection connection = new Connection(UUID.randomUUID().toString(), request.scope(), type.ref(), request.name(),
                source.name(), ConnectionStatus.UNKNOWN, Map.of(), now, now);
        Sealed sealed = keys.seal(ConnectionStore.json(storage), ConnectionStore.context(connection.uid()));
        try {
            jdbc.inTransaction(c -> {
                if (store.find(c, request.scope(), type.ref(), request.name()).isPresent()) {
                    throw exists(request);
                }
                store.insert(c, connection, sealed);
                return null;
            });
        } catch (Transactions.StorageException e) {
            if (e.getCause() instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                throw exists(request);
            }
            throw e;
        }
        LOG.info("Created connection {} {}/{} (source {})", type.ref(), request.scope(), request.name(), source.name());
        return new CreatedConnection(connection, ConnectionForms.displayOnce(type.displayOnceSchema(), storage));
    }

    // ---- kind: Connection documents (inside a resource apply's transaction) -----------------------------

    /**
     * A Form connection from a document: created, unchanged when the stored object equals what the document gives
     * (its Secret references resolved), else updated, the generation being the row's version. Values the type
     * generates (display-once) are made at creation and kept across updates.
     */
    AppliedResource applyDocument(java.sql.Connection c, int index, ResourceRef ref, Map<String, Object> spec,
                                  Map<String, Object> input, List<FieldError> errors) throws SQLException {
        ConnectionTypeRef typeRef = ConnectionTypeRef.parse((String) spec.get("type"));
        Optional<ConnectionType> found = type(typeRef);
        if (found.isEmpty()) {
            errors.add(new FieldError(index, "spec.type", "no connection type " + typeRef + ": its provider '"
                    + typeRef.provider() + "' is not active or has no such type (plugboard:connection-type-list)"));
            return null;
        }
        ConnectionType type = found.get();
        String sourceName = (String) spec.get("source");
        Optional<ConnectionSource> source = sourceName == null
                ? type.sources().stream().filter(s -> s.kind() == SourceKind.FORM).findFirst() : type.source(sourceName);
        if (source.isEmpty() || source.get().kind() != SourceKind.FORM) {
            errors.add(new FieldError(index, "spec.source", (source.isEmpty()
                    ? (sourceName == null ? type.ref() + " has no form source" : "no source '" + sourceName + "'")
                    : "source '" + sourceName + "' is an OAuth2 login: connect it with plugboard:connect")
                    + " (sources: " + type.sources().stream().map(s -> s.name() + " (" + s.kind().kindName() + ")")
                    .collect(Collectors.joining(", ")) + ")"));
            return null;
        }
        Optional<ConnectionStore.Row> existing = store.find(c, ref.scope(), typeRef, ref.name());
        if (existing.isPresent() && !existing.get().connection().source().equals(source.get().name())) {
            errors.add(new FieldError(index, "spec.source", "the connection exists with source '"
                    + existing.get().connection().source() + "'; delete it first to make it from '" + source.get().name() + "'"));
            return null;
        }
        Map<String, Object> storage = new LinkedHashMap<>(input);
        Map<String, Object> before = existing.isEmpty() ? Map.of() : ConnectionStore.map(keys.open(
                ConnectionStore.sealedStorage(c, existing.get().connection().uid()).orElseThrow(),
                ConnectionStore.context(existing.get().connection().uid())));
        if (existing.isEmpty()) {
            ConnectionForms.generate(type.displayOnceSchema(), storage, random);
        } else {
            ConnectionForms.displayOnce(type.displayOnceSchema(), before).forEach(storage::putIfAbsent);
        }
        List<FieldError> invalid = ConnectionForms.validate(type.storageSchema(), storage, "spec.input");
        if (!invalid.isEmpty()) {
            invalid.forEach(e -> errors.add(new FieldError(index, e.field(), e.message())));
            return null;
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        if (existing.isEmpty()) {
            Connection created = new Connection(UUID.randomUUID().toString(), ref.scope(), type.ref(), ref.name(),
                    source.get().name(), ConnectionStatus.UNKNOWN, Map.of(), now, now);
            store.insert(c, created, keys.seal(ConnectionStore.json(storage), ConnectionStore.context(created.uid())));
            Map<String, String> shown = new LinkedHashMap<>();
            ConnectionForms.displayOnce(type.displayOnceSchema(), storage).forEach((k, v) -> shown.put(k, String.valueOf(v)));
            return new AppliedResource(ref, created.uid(), 1, ApplyAction.CREATED, shown);
        }
        ConnectionStore.Row row = existing.get();
        String uid = row.connection().uid();
        if (before.equals(storage)) {
            return new AppliedResource(ref, uid, row.rowVersion(), ApplyAction.UNCHANGED);
        }
        if (!store.replaceStorage(c, uid, row.rowVersion(), keys.seal(ConnectionStore.json(storage),
                ConnectionStore.context(uid)), now)) {
            errors.add(new FieldError(index, "metadata.name", "the connection changed while it was applied; apply again"));
            return null;
        }
        return new AppliedResource(ref, uid, row.rowVersion() + 1, ApplyAction.UPDATED);
    }

    private static ConnectionExistsException exists(NewConnection request) {
        return new ConnectionExistsException("A connection " + request.type() + " '" + request.name() + "' already exists in "
                + describe(request.scope()) + ".");
    }

    static String describe(Scope scope) {
        return scope.isCanvas() ? "canvas '" + scope.canvasId() + "' of organization '" + scope.organization() + "'"
                : "organization '" + scope.organization() + "'";
    }

    // ---- reads --------------------------------------------------------------------------------------

    @Override
    public List<Connection> list(Scope scope, ConnectionTypeRef type) {
        return jdbc.read(c -> store.list(c, scope, null, type, null)).stream().map(ConnectionStore.Row::connection).toList();
    }

    @Override
    public Optional<Connection> find(Scope scope, ConnectionTypeRef type, String name) {
        return jdbc.read(c -> store.find(c, scope, type, name)).map(ConnectionStore.Row::connection);
    }

    @Override
    public Optional<Connection> get(String uid) {
        return jdbc.read(c -> store.findByUid(c, uid)).map(ConnectionStore.Row::connection);
    }

    private Connection require(String uid) {
        return get(uid).orElseThrow(() -> new ConnectionNotFoundException("No connection with id '" + uid + "'."));
    }

    @Override
    public Map<String, Object> storage(String uid) {
        Sealed sealed = jdbc.read(c -> ConnectionStore.sealedStorage(c, uid))
                .orElseThrow(() -> new ConnectionNotFoundException("No connection with id '" + uid + "'."));
        return ConnectionStore.map(keys.open(sealed, ConnectionStore.context(uid)));
    }

    // ---- delete -------------------------------------------------------------------------------------

    @Override
    public void delete(String uid, boolean force) {
        Connection target = require(uid);
        List<String> referrers = jdbc.read(c -> this.referrers.integrationsUsing(c, target.scope(), target.type(),
                target.name()));
        if (!referrers.isEmpty()) {
            throw inUse(target, referrers);
        }
        revoke(target, force);
        Connection deleted = jdbc.inTransaction(c -> {
            List<String> now = this.referrers.integrationsUsing(c, target.scope(), target.type(), target.name());
            if (!now.isEmpty()) {
                throw inUse(target, now);
            }
            if (!store.delete(c, uid)) {
                throw new ConnectionNotFoundException("No connection with id '" + uid + "'.");
            }
            return target;
        });
        LOG.info("Deleted connection {} {}/{}", deleted.type(), deleted.scope(), deleted.name());
    }

    private static ConnectionInUseException inUse(Connection target, List<String> referrers) {
        return new ConnectionInUseException("Connection " + target.type() + " '" + target.name() + "' is used by "
                + String.join(", ", referrers) + "; change or delete those first.", referrers);
    }

    /** Revokes the credentials where a revoker handles the connection's source; a failure stops the delete unless forced. */
    private void revoke(Connection target, boolean force) {
        Optional<ConnectionType> type = type(target.type());
        Optional<ConnectionSource> source = type.flatMap(t -> t.source(target.source()));
        if (source.isEmpty()) {
            return;
        }
        for (ConnectionRevoker revoker : revokers) {
            if (!revoker.revokes(type.get(), source.get())) {
                continue;
            }
            try {
                revoker.revoke(target, type.get(), storage(target.uid()));
                LOG.info("Revoked the credentials of connection {} {}/{} at the provider", target.type(), target.scope(),
                        target.name());
            } catch (Exception e) {
                String message = "Revoking the credentials of connection " + target.type() + " '" + target.name()
                        + "' at the provider failed: " + e.getMessage();
                if (!force) {
                    throw new RevocationFailedException(message + ". Nothing was deleted; delete with force to delete anyway.", e);
                }
                LOG.warn("{} (deleting anyway: forced)", message);
            }
            return;
        }
    }

    // ---- obtained connections, locked updates, statuses ---------------------------------------------

    @Override
    public CreatedConnection store(ObtainedConnection obtained) {
        ConnectionType type = requireType(obtained.type());
        ConnectionSource source = requireSource(type, obtained.source());
        List<FieldError> errors = new ArrayList<>();
        if (!NAME.matcher(obtained.name()).matches()) {
            errors.add(new FieldError(0, "name", "'" + obtained.name() + "' is not a valid name: lower-case letters, digits and '-', at most 63"));
        }
        errors.addAll(ConnectionForms.validate(type.storageSchema(), obtained.storage(), "storage"));
        if (!errors.isEmpty()) {
            throw new InvalidResourceException(errors);
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ConnectionStatus healthy = new ConnectionStatus(ConnectionState.Healthy, "connected", now);
        Connection stored = jdbc.inTransaction(c -> {
            Optional<ConnectionStore.Row> existing = store.find(c, obtained.scope(), type.ref(), obtained.name());
            if (existing.isPresent()) {
                String uid = existing.get().connection().uid();
                store.lockStorage(c, uid);
                store.replaceStorage(c, uid, keys.seal(ConnectionStore.json(obtained.storage()), ConnectionStore.context(uid)), now);
                store.updateStatus(c, uid, healthy, obtained.subject(), now);
                return store.findByUid(c, uid).orElseThrow().connection();
            }
            Connection created = new Connection(UUID.randomUUID().toString(), obtained.scope(), type.ref(), obtained.name(),
                    source.name(), healthy, obtained.subject(), now, now);
            store.insert(c, created, keys.seal(ConnectionStore.json(obtained.storage()), ConnectionStore.context(created.uid())));
            return created;
        });
        LOG.info("Stored connection {} {}/{} obtained by source {}", type.ref(), obtained.scope(), obtained.name(), source.name());
        return new CreatedConnection(stored, ConnectionForms.displayOnce(type.displayOnceSchema(), obtained.storage()));
    }

    @Override
    public Map<String, Object> updateStorage(String uid, UnaryOperator<Map<String, Object>> update) {
        return jdbc.inTransaction(c -> {
            Sealed sealed = store.lockStorage(c, uid)
                    .orElseThrow(() -> new ConnectionNotFoundException("No connection with id '" + uid + "'."));
            Map<String, Object> current = ConnectionStore.map(keys.open(sealed, ConnectionStore.context(uid)));
            Map<String, Object> next = update.apply(new LinkedHashMap<>(current));
            if (next == null || next.equals(current)) {
                return current;
            }
            store.replaceStorage(c, uid, keys.seal(ConnectionStore.json(next), ConnectionStore.context(uid)),
                    Instant.now().truncatedTo(ChronoUnit.MILLIS));
            return next;
        });
    }

    @Override
    public void setStatus(String uid, ConnectionStatus status) {
        require(uid);
        jdbc.read(c -> store.updateStatus(c, uid, status, null, Instant.now().truncatedTo(ChronoUnit.MILLIS)));
    }

    // ---- probe --------------------------------------------------------------------------------------

    @Override
    public Connection test(String uid) {
        Connection connection = require(uid);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Optional<ConnectionType> type = type(connection.type());
        ConnectionStatus status;
        Map<String, String> subject = null;
        if (type.isEmpty()) {
            status = new ConnectionStatus(ConnectionState.Unhealthy, "connection type " + connection.type()
                    + " is not available: provider '" + connection.type().provider() + "' is not active", now);
        } else if (type.get().probe() == null) {
            status = new ConnectionStatus(ConnectionState.Unknown, "connection type " + connection.type() + " has no probe", now);
        } else {
            SourceKind kind = type.get().source(connection.source()).map(ConnectionSource::kind).orElse(SourceKind.FORM);
            ProbeResult result = probes.probe(type.get().probe(), kind, storage(uid));
            status = new ConnectionStatus(result.healthy() ? ConnectionState.Healthy : ConnectionState.Unhealthy,
                    result.reason(), now);
            if (result.healthy() && !result.subject().isEmpty()) {
                subject = result.subject();
            }
        }
        ConnectionStatus verdict = status;
        io.plugboard.core.internal.metrics.CoreMeters.PROBES.labelValues(connection.type().provider(),
                verdict.state().name()).inc();
        Map<String, String> found = subject;
        jdbc.read(c -> store.updateStatus(c, uid, verdict, found, now));
        LOG.info("Probed connection {} {}/{}: {}{}", connection.type(), connection.scope(), connection.name(),
                verdict.state(), verdict.reason().isEmpty() ? "" : " (" + verdict.reason() + ")");
        return require(uid);
    }

    // ---- expressions --------------------------------------------------------------------------------

    @Override
    public Object resolve(Object template, Scope scope) {
        return ConnectionExpressions.resolve(template, lookup(scope));
    }

    @Override
    public Object preview(Object template, Scope scope) {
        ConnectionExpressions.Lookup real = lookup(scope);
        return ConnectionExpressions.resolve(template, (provider, type, name) -> {
            Map<String, Object> storage = new LinkedHashMap<>(real.storage(provider, type, name));
            Connection found = found(scope, provider, type, name);
            List<String> secret = type(found.type()).map(t -> ConnectionForms.secretFields(t.storageSchema()))
                    .orElse(List.copyOf(storage.keySet()));
            storage.replaceAll((field, value) -> secret.contains(field) || ConnectionForms.looksSecret(field) ? MASK : value);
            return storage;
        });
    }

    /** The connection {@link #lookup} resolved (called after it succeeded). */
    private Connection found(Scope scope, String provider, ConnectionTypeRef type, String name) {
        List<Scope> scopes = scope.isCanvas() ? List.of(scope, scope.organizationScope()) : List.of(scope);
        for (Scope s : scopes) {
            List<ConnectionStore.Row> rows = jdbc.read(c -> store.list(c, s, provider, type, name));
            if (!rows.isEmpty()) {
                return rows.get(0).connection();
            }
        }
        throw new IllegalStateException("connection " + name + " vanished");
    }

    @Override
    public Map<String, Object> resolveInput(Map<String, Object> schema, Map<String, Object> input, Scope scope) {
        return ConnectionExpressions.resolveInput(schema, input, lookup(scope));
    }

    /** Finds connections in the scope, then (for a canvas) in its organization. */
    private ConnectionExpressions.Lookup lookup(Scope scope) {
        return (provider, type, name) -> {
            List<Scope> scopes = scope.isCanvas() ? List.of(scope, scope.organizationScope()) : List.of(scope);
            for (Scope s : scopes) {
                List<ConnectionStore.Row> rows = jdbc.read(c -> store.list(c, s, provider, type, name));
                if (rows.size() > 1) {
                    throw new IllegalArgumentException("'" + name + "' names several connections of provider '" + provider
                            + "' (" + rows.stream().map(r -> r.connection().type().toString()).collect(Collectors.joining(", "))
                            + "): write ${connections.'<provider>/<type>@<version>'." + name + "}");
                }
                if (rows.size() == 1) {
                    return storage(rows.get(0).connection().uid());
                }
            }
            throw new IllegalArgumentException("no connection '" + name + "' " + (type == null ? "of provider '" + provider + "'"
                    : "of type " + type) + " in " + describe(scope) + (scope.isCanvas() ? " or its organization" : ""));
        };
    }
}
