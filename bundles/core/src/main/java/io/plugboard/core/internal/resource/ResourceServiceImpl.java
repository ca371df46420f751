package io.plugboard.core.internal.resource;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

import com.github.benmanes.caffeine.cache.Ticker;
import io.plugboard.api.provider.IntegrationContext;
import io.plugboard.api.provider.ProviderListener;
import io.plugboard.api.provider.ProviderRegistry;
import io.plugboard.api.provider.RegisteredProvider;
import io.plugboard.api.resource.AppliedResource;
import io.plugboard.api.resource.ApplyAction;
import io.plugboard.api.resource.EncryptionKeys;
import io.plugboard.api.resource.FieldError;
import io.plugboard.api.resource.InvalidResourceException;
import io.plugboard.api.resource.Kind;
import io.plugboard.api.resource.IntegrationTypes;
import io.plugboard.api.resource.Resource;
import io.plugboard.api.resource.ResourceInUseException;
import io.plugboard.api.resource.ResourceNotFoundException;
import io.plugboard.api.resource.ResourceRef;
import io.plugboard.api.resource.ResourceService;
import io.plugboard.api.resource.Scope;
import io.plugboard.api.server.PublicUrl;
import io.plugboard.api.server.SecretValues;
import io.plugboard.api.server.WebhookTarget;
import io.plugboard.api.server.WebhookTargets;
import io.plugboard.api.system.SystemStatus;
import io.plugboard.core.internal.CoreConfiguration;
import io.plugboard.core.internal.cluster.ClusterBus;
import io.plugboard.core.internal.connection.ConnectionDocuments;
import io.plugboard.core.internal.connection.ConnectionReferrers;
import io.plugboard.core.internal.connection.ConnectionStore;
import io.plugboard.core.internal.crypto.KeyRing;
import io.plugboard.core.internal.crypto.KeyRing.Sealed;
import io.plugboard.core.internal.crypto.Vault;
import io.plugboard.core.internal.event.ForwardSecrets;
import io.plugboard.core.internal.outbound.IntegrationCredentials;
import io.plugboard.core.internal.resource.ResourceValidator.Doc;
import io.plugboard.core.internal.storage.Transactions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Secrets, integrations and event sources in the database. Writes are serialised (one writer at a time) and each is
 * one transaction, validated completely before anything is written; reads never wait. Secret values are sealed by
 * the {@link KeyRing}. Follows providers as they come and go to keep integration statuses current.
 */
@Component(service = {ResourceService.class, SecretValues.class, WebhookTargets.class, EncryptionKeys.class,
        IntegrationCredentials.class, ConnectionReferrers.class, ForwardSecrets.class, ProvisioningStore.class}, configurationPid = CoreConfiguration.PID, immediate = true)
public class ResourceServiceImpl implements ResourceService, SecretValues, WebhookTargets, EncryptionKeys,
        IntegrationCredentials, ConnectionReferrers, ForwardSecrets, ProvisioningStore {

    private static final Logger LOG = LoggerFactory.getLogger(ResourceServiceImpl.class);
    private static final int ROTATION_BATCH = 100;
    /** The value key, among an integration's own sealed values, of the webhook secret generated for it. */
    static final String GENERATED_WEBHOOK_SECRET = "webhook-secret";
    /** The same for an event source's generated forward signing secret. */
    static final String GENERATED_FORWARD_SECRET = "forward-secret";

    private final Transactions jdbc;
    /** The connection side's handler of {@code kind: Connection} documents, once it runs. */
    private volatile ConnectionDocuments connectionDocuments;
    private final ProviderRegistry providers;
    private final ResourceStore store = new ResourceStore();
    private final ResourceValidator validator = new ResourceValidator();
    private final KeyRing keys;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final SecureRandom random = new SecureRandom();
    private static final String PENDING = "Pending";
    private volatile ProvisioningStore.Listener provisioning;
    private final PublicUrl publicUrl;
    private final ReadCache cache;

    @Activate
    public ResourceServiceImpl(@Reference(target = "(dataSourceName=plugboard)") DataSource dataSource,
                               @Reference SystemStatus migratedSchema, @Reference ProviderRegistry providers,
                               @Reference Vault vault, CoreConfiguration config, @Reference ClusterBus bus,
                               @Reference PublicUrl publicUrl) {
        this(new Transactions(dataSource), providers, vault.keys(), publicUrl,
                new ReadCache(Duration.ofMillis(config.resourceCacheMillis()), Ticker.systemTicker()));
        // a write on another node drops this node's cache; a write here drops theirs
        bus.onNotice(RESOURCES_CHANGED, cache::drop);
        cache.onWrite(() -> bus.notice(RESOURCES_CHANGED));
        // a rotation on another node: seal with its new key from now on, as it re-encrypts what is stored
        bus.onNotice(KEYS_CHANGED, vault.keys()::refresh);
        this.bus = bus;
    }

    static final String RESOURCES_CHANGED = "resources-changed";
    static final String KEYS_CHANGED = "keys-changed";
    /** Plugboard signs an ID token for the integration (and a provider's issuer may exchange it). */
    public static final String AUTH_TYPE_OIDC = "AUTH_TYPE_OIDC";
    private ClusterBus bus;

    ResourceServiceImpl(Transactions jdbc, ProviderRegistry providers, KeyRing keys, String publicUrl) {
        this(jdbc, providers, keys, () -> publicUrl, new ReadCache(Duration.ofSeconds(2), Ticker.systemTicker()));
    }

    ResourceServiceImpl(Transactions jdbc, ProviderRegistry providers, KeyRing keys, String publicUrl, ReadCache cache) {
        this(jdbc, providers, keys, () -> publicUrl, cache);
    }

    ResourceServiceImpl(Transactions jdbc, ProviderRegistry providers, KeyRing keys, PublicUrl publicUrl, ReadCache cache) {
        this.cache = cache;
        this.jdbc = jdbc;
        this.providers = providers;
        this.keys = keys;
        this.publicUrl = publicUrl;
        keys.load(jdbc);
    }

    @Deactivate
    void deactivate() {
        provisioning = null;
    }

    @Modified
    void modified(CoreConfiguration config) {
        cache.configure(Duration.ofMillis(config.resourceCacheMillis()));
    }


    // ---- apply --------------------------------------------------------------------------------------

    @Override
    public List<AppliedResource> apply(String text) {
        return apply(ResourceDocuments.parse(text));
    }

    @Override
    public List<AppliedResource> apply(List<Map<String, Object>> documents) {
        List<FieldError> errors = new ArrayList<>();
        List<Doc> docs = validator.shape(documents, errors);
        if (!errors.isEmpty()) {
            throw new InvalidResourceException(errors);
        }
        // an event source may move to another integration: the one it leaves reconciles too (its hook may go)
        Set<String> toReconcile = new java.util.LinkedHashSet<>();
        docs.stream().filter(d -> d.ref().kind() == Kind.EVENT_SOURCE)
                .forEach(d -> get(d.ref()).flatMap(this::integrationOf).ifPresent(i -> toReconcile.add(i.uid())));
        List<AppliedResource> results;
        writeLock.lock();
        try {
            results = jdbc.inTransaction(c -> {
                validator.references(docs, new BatchLookup(c, docs), providers, errors);
                if (!errors.isEmpty()) {
                    throw new InvalidResourceException(errors);
                }
                Map<Integer, AppliedResource> applied = new TreeMap<>();
                for (Doc doc : docs) {
                    if (doc.kind() != Kind.CONNECTION) {
                        applied.put(doc.index(), upsert(c, doc));
                    }
                }
                // connections last: their Secret references may name secrets of this same input
                for (Doc doc : docs) {
                    if (doc.kind() == Kind.CONNECTION) {
                        AppliedResource r = applyConnection(c, doc, errors);
                        if (r != null) {
                            applied.put(doc.index(), r);
                        }
                    }
                }
                if (!errors.isEmpty()) {
                    throw new InvalidResourceException(errors); // rolls back what the other documents wrote
                }
                return new ArrayList<>(applied.values());
            });
        } finally {
            cache.invalidate();
            writeLock.unlock();
        }
        for (AppliedResource r : results) {
            LOG.info("Applied {}: {} (generation {})", r.ref(), r.action().label(), r.generation());
            if (r.action() == ApplyAction.UNCHANGED) {
                continue;
            }
            if (r.ref().kind() == Kind.INTEGRATION) {
                toReconcile.add(r.uid());
            } else if (r.ref().kind() == Kind.EVENT_SOURCE) {
                get(r.ref()).flatMap(this::integrationOf).ifPresent(i -> toReconcile.add(i.uid()));
            }
        }
        toReconcile.forEach(uid -> reconcile(uid, false));
        return results;
    }

    /** A {@code kind: Connection} document: its Secret references resolved, then stored by the connection side. */
    @SuppressWarnings("unchecked")
    private AppliedResource applyConnection(Connection c, Doc doc, List<FieldError> errors) throws SQLException {
        ConnectionDocuments handler = connectionDocuments;
        if (handler == null) {
            errors.add(new FieldError(doc.index(), "kind", "Connection documents need the connection service, which is "
                    + "not running (see bundle:list)"));
            return null;
        }
        Map<String, Object> input = new LinkedHashMap<>();
        Map<String, Object> written = doc.spec().get("input") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        int problems = errors.size();
        for (Map.Entry<String, Object> e : written.entrySet()) {
            Map<String, Object> ref = e.getValue() instanceof Map<?, ?> ? ResourceValidator.nested(
                    (Map<String, Object>) e.getValue(), "valueFrom", "secret") : null;
            if (ref == null) {
                input.put(e.getKey(), e.getValue());
                continue;
            }
            String field = "spec.input." + e.getKey() + ".valueFrom.secret";
            String name = (String) ref.get("name");
            String key = (String) ref.get("key");
            Optional<Resource> secret = resolveSecret(c, doc.ref().scope(), name);
            Sealed sealed = secret.isEmpty() ? null : store.secretValues(c, secret.get().uid()).get(key);
            if (secret.isEmpty()) {
                errors.add(new FieldError(doc.index(), field + ".name", "no Secret '" + name + "' in "
                        + References.describe(doc.ref().scope()) + (doc.ref().scope().isCanvas() ? " or its organization" : "")));
            } else if (sealed == null) {
                errors.add(new FieldError(doc.index(), field + ".key", "Secret '" + name + "' has no key '" + key
                        + "' (keys: " + String.join(", ", secret.get().secretKeys()) + ")"));
            } else {
                input.put(e.getKey(), keys.open(sealed, valueContext(secret.get().uid(), key)));
            }
        }
        return errors.size() > problems ? null : handler.apply(c, doc.index(), doc.ref(), doc.spec(), input, errors);
    }

    @Override
    public void connectionDocuments(ConnectionDocuments handler) {
        connectionDocuments = handler;
    }

    private AppliedResource upsert(Connection c, Doc doc) throws SQLException {
        Optional<Resource> existing = store.find(c, doc.ref());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        if (doc.kind() == Kind.SECRET) {
            @SuppressWarnings("unchecked")
            Map<String, String> data = new TreeMap<>((Map<String, String>) doc.spec().get("data"));
            return writeSecret(c, doc.ref(), existing, data, now);
        }
        Map<String, Object> spec = ResourceStore.map(ResourceStore.json(doc.spec()));
        if (existing.isEmpty()) {
            Resource created = new Resource(doc.ref(), UUID.randomUUID().toString(), 1, now, now, spec, initialStatus(doc.ref(), spec));
            store.insert(c, withStatusUrl(created));
            return new AppliedResource(doc.ref(), created.uid(), 1, ApplyAction.CREATED, generateSecrets(c, created));
        }
        Resource old = existing.get();
        if (old.spec().equals(spec)) {
            return new AppliedResource(doc.ref(), old.uid(), old.generation(), ApplyAction.UNCHANGED);
        }
        Map<String, Object> status = new LinkedHashMap<>(old.status());
        if (doc.kind() == Kind.INTEGRATION) {
            status.put("phase", PENDING);
            status.remove("message");
        }
        Resource updated = new Resource(doc.ref(), old.uid(), old.generation() + 1, old.createdAt(), now, spec, status);
        store.update(c, withStatusUrl(updated));
        return new AppliedResource(doc.ref(), old.uid(), updated.generation(), ApplyAction.UPDATED, generateSecrets(c, updated));
    }

    /**
     * Signing secrets the user did not name: an integration's webhook secret (third parties sign with it), an event
     * source's forward secret (Plugboard signs forwarded events with it). Generated once, sealed with the resource's
     * own values, returned once.
     */
    private Map<String, String> generateSecrets(Connection c, Resource r) throws SQLException {
        String key;
        String label;
        if (r.kind() == Kind.INTEGRATION && ResourceValidator.nested(r.spec(), "webhook", "secret") == null) {
            key = GENERATED_WEBHOOK_SECRET;
            label = "webhookSecret";
        } else if (r.kind() == Kind.EVENT_SOURCE && ResourceValidator.nested(r.spec(), "forward") != null
                && ResourceValidator.nested(r.spec(), "forward", "secret") == null) {
            key = GENERATED_FORWARD_SECRET;
            label = "forwardSecret";
        } else {
            return Map.of();
        }
        Map<String, Sealed> values = new LinkedHashMap<>(store.secretValues(c, r.uid()));
        if (values.containsKey(key)) {
            return Map.of();
        }
        String secret = generateWebhookSecret();
        values.put(key, keys.seal(secret, valueContext(r.uid(), key)));
        store.replaceSecretValues(c, r.uid(), values);
        return Map.of(label, secret);
    }

    /** {@code whsec_} + 32 random bytes, base64: usable as GitHub's secret and as a Standard Webhooks secret alike. */
    private String generateWebhookSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return "whsec_" + Base64.getEncoder().encodeToString(bytes);
    }

    private static Map<String, Object> initialStatus(ResourceRef ref, Map<String, Object> spec) {
        Map<String, Object> status = new LinkedHashMap<>();
        if (ref.kind() == Kind.INTEGRATION) {
            status.put("phase", PENDING);
        }
        return status;
    }

    /** Integrations show the URL they receive webhooks on. */
    private Resource withStatusUrl(Resource r) {
        if (r.kind() != Kind.INTEGRATION) {
            return r;
        }
        Map<String, Object> status = new LinkedHashMap<>(r.status());
        status.put("webhookUrl", Integrations.webhookUrl(publicUrl.value(), r));
        return new Resource(r.ref(), r.uid(), r.generation(), r.createdAt(), r.updatedAt(), r.spec(), status);
    }

    private AppliedResource writeSecret(Connection c, ResourceRef ref, Optional<Resource> existing, Map<String, String> data,
                                        Instant now) throws SQLException {
        Map<String, Object> spec = Map.of("keys", new ArrayList<>(data.keySet()));
        if (existing.isPresent()) {
            Resource old = existing.get();
            if (data.equals(open(c, old.uid()))) {
                return new AppliedResource(ref, old.uid(), old.generation(), ApplyAction.UNCHANGED);
            }
            Resource updated = new Resource(ref, old.uid(), old.generation() + 1, old.createdAt(), now, spec, old.status());
            store.update(c, updated);
            store.replaceSecretValues(c, old.uid(), seal(old.uid(), data));
            return new AppliedResource(ref, old.uid(), updated.generation(), ApplyAction.UPDATED);
        }
        Resource created = new Resource(ref, UUID.randomUUID().toString(), 1, now, now, spec, Map.of());
        store.insert(c, created);
        store.replaceSecretValues(c, created.uid(), seal(created.uid(), data));
        return new AppliedResource(ref, created.uid(), 1, ApplyAction.CREATED);
    }

    private Map<String, Sealed> seal(String uid, Map<String, String> data) {
        Map<String, Sealed> sealed = new LinkedHashMap<>();
        data.forEach((key, value) -> sealed.put(key, keys.seal(value, valueContext(uid, key))));
        return sealed;
    }

    private Map<String, String> open(Connection c, String uid) throws SQLException {
        Map<String, String> plain = new TreeMap<>();
        for (Map.Entry<String, Sealed> e : store.secretValues(c, uid).entrySet()) {
            plain.put(e.getKey(), keys.open(e.getValue(), valueContext(uid, e.getKey())));
        }
        return plain;
    }

    /** Binds a ciphertext to its secret and key: moved elsewhere, it does not decrypt. */
    private static String valueContext(String uid, String key) {
        return "secret:" + uid + ":" + key;
    }

    // ---- reads --------------------------------------------------------------------------------------

    @Override
    public List<Resource> list(Kind kind, String organization, String canvasId) {
        return cache.get(Arrays.asList("list", kind, organization, canvasId),
                () -> List.copyOf(jdbc.read(c -> store.list(c, kind, organization, canvasId))));
    }

    @Override
    public Optional<Resource> get(ResourceRef ref) {
        return jdbc.read(c -> store.find(c, ref));
    }

    @Override
    public Optional<Resource> getByUid(String uid) {
        return cache.get(List.of("uid", uid), () -> jdbc.read(c -> store.findByUid(c, uid)));
    }

    @Override
    public Optional<WebhookTarget> find(String integrationUid) {
        return getByUid(integrationUid).filter(r -> r.kind() == Kind.INTEGRATION).map(integration -> new WebhookTarget(
                integration, IntegrationTypes.providerId(integration), webhookSecret(integrationUid).orElse(null)));
    }

    /** The secret an integration's webhooks are signed with; from the read cache. */
    public Optional<String> webhookSecret(String integrationUid) {
        return cache.get(List.of("webhook-secret", integrationUid), () -> jdbc.read(c -> {
            Optional<Resource> integration = store.findByUid(c, integrationUid).filter(r -> r.kind() == Kind.INTEGRATION);
            return integration.isEmpty() ? Optional.empty()
                    : signingSecret(c, integration.get(), new String[] {"webhook", "secret"}, GENERATED_WEBHOOK_SECRET);
        }));
    }

    @Override
    public Optional<String> forwardSecret(ResourceRef eventSource) {
        return jdbc.read(c -> {
            Optional<Resource> source = store.find(c, eventSource);
            return source.isEmpty() ? Optional.empty()
                    : signingSecret(c, source.get(), new String[] {"forward", "secret"}, GENERATED_FORWARD_SECRET);
        });
    }

    /** The secret named at {@code path} ({@code valueFrom.secret}), else the resource's generated one. */
    private Optional<String> signingSecret(Connection c, Resource r, String[] path, String generatedKey) throws SQLException {
        Map<String, Object> ref = ResourceValidator.nested(r.spec(), path[0], path[1], "valueFrom", "secret");
        String uid = r.uid();
        String key = generatedKey;
        if (ref != null) {
            Optional<Resource> secret = resolveSecret(c, r.scope(), (String) ref.get("name"));
            if (secret.isEmpty()) {
                return Optional.empty();
            }
            uid = secret.get().uid();
            key = (String) ref.get("key");
        }
        Sealed sealed = store.secretValues(c, uid).get(key);
        return sealed == null ? Optional.empty() : Optional.of(keys.open(sealed, valueContext(uid, key)));
    }

    @Override
    public Optional<String> value(Scope scope, String name, String key) {
        return jdbc.read(c -> {
            Optional<Resource> secret = store.find(c, new ResourceRef(Kind.SECRET, scope, name));
            if (secret.isEmpty()) {
                return Optional.empty();
            }
            Sealed sealed = store.secretValues(c, secret.get().uid()).get(key);
            return sealed == null ? Optional.empty() : Optional.of(keys.open(sealed, valueContext(secret.get().uid(), key)));
        });
    }

    // ---- writes -------------------------------------------------------------------------------------

    @Override
    public AppliedResource setSecretValue(Scope scope, String name, String key, String value) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("kind", Kind.SECRET.kindName());
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", name);
        metadata.put("organization", scope.organization());
        if (scope.canvasId() != null) {
            metadata.put("canvasId", scope.canvasId());
        }
        document.put("metadata", metadata);
        document.put("spec", Map.of("data", Map.of(key, value)));
        List<FieldError> errors = new ArrayList<>();
        List<Doc> docs = validator.shape(List.of(document), errors);
        if (!errors.isEmpty()) {
            throw new InvalidResourceException(errors);
        }
        ResourceRef ref = docs.get(0).ref();
        writeLock.lock();
        try {
            AppliedResource result = jdbc.inTransaction(c -> {
                Optional<Resource> existing = store.find(c, ref);
                Map<String, String> data = existing.isPresent() ? open(c, existing.get().uid()) : new TreeMap<>();
                data.put(key, value);
                return writeSecret(c, ref, existing, data, Instant.now().truncatedTo(ChronoUnit.MILLIS));
            });
            LOG.info("Secret {} key '{}' set: {}", ref, key, result.action().label());
            return result;
        } finally {
            cache.invalidate();
            writeLock.unlock();
        }
    }

    @Override
    public List<ResourceRef> delete(ResourceRef ref, boolean cascade) {
        List<Resource> deleted = new ArrayList<>();
        writeLock.lock();
        try {
            jdbc.inTransaction(c -> {
                Resource target = store.find(c, ref).orElseThrow(() -> new ResourceNotFoundException(ref));
                List<Resource> referrers = referrers(c, target);
                if (!referrers.isEmpty() && !(cascade && ref.kind() == Kind.INTEGRATION)) {
                    throw new ResourceInUseException(ref, referrers.stream().map(Resource::ref).toList());
                }
                store.delete(c, target.uid());
                deleted.add(target);
                for (Resource r : referrers) {
                    store.delete(c, r.uid());
                    deleted.add(r);
                }
                return null;
            });
        } finally {
            cache.invalidate();
            writeLock.unlock();
        }
        Set<String> deletedUids = new java.util.HashSet<>();
        deleted.forEach(r -> deletedUids.add(r.uid()));
        for (Resource r : deleted) {
            LOG.info("Deleted {}", r.ref());
            ProvisioningStore.Listener listener = provisioning;
            if (listener == null) {
                continue;
            }
            if (r.kind() == Kind.INTEGRATION) {
                listener.deleted(r, context(r), access(r));
            } else if (r.kind() == Kind.EVENT_SOURCE) {
                integrationOf(r).filter(i -> !deletedUids.contains(i.uid())).ifPresent(i -> listener.reconcile(i.uid(), false));
            }
        }
        return deleted.stream().map(Resource::ref).toList();
    }

    /** Who refers to {@code target}: integrations using a secret, event sources using an integration. */
    private List<Resource> referrers(Connection c, Resource target) throws SQLException {
        List<Resource> result = new ArrayList<>();
        Scope scope = target.scope();
        if (target.kind() == Kind.SECRET) {
            for (Resource integration : store.list(c, Kind.INTEGRATION, scope.organization(), null)) {
                for (String[] path : List.of(new String[] {"auth", "token"}, new String[] {"webhook", "secret"})) {
                    Map<String, Object> secret = ResourceValidator.nested(integration.spec(), path[0], path[1], "valueFrom", "secret");
                    if (secret != null && target.uid().equals(resolveSecret(c, integration.scope(), (String) secret.get("name"))
                            .map(Resource::uid).orElse(null)) && !result.contains(integration)) {
                        result.add(integration);
                    }
                }
            }
        } else if (target.kind() == Kind.INTEGRATION) {
            for (Resource source : store.list(c, Kind.EVENT_SOURCE, scope.organization(), null)) {
                Map<String, Object> ref = ResourceValidator.nested(source.spec(), "integration");
                Scope resolved = References.integrationScope(source.scope(), (String) ref.get("domain"));
                if (resolved.equals(scope) && target.name().equals(ref.get("name"))) {
                    result.add(source);
                }
            }
        }
        return result;
    }

    private Optional<Resource> resolveSecret(Connection c, Scope integrationScope, String name) throws SQLException {
        for (Scope s : References.secretScopes(integrationScope)) {
            Optional<Resource> found = store.find(c, new ResourceRef(Kind.SECRET, s, name));
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    // ---- encryption keys ----------------------------------------------------------------------------

    @Override
    public List<KeyInfo> keys() {
        return jdbc.read(keys::keys);
    }

    @Override
    public RotationResult rotate() {
        String newKey = locked(() -> jdbc.inTransaction(keys::addActiveKey));
        LOG.info("Key rotation: new data key {} is active; re-encrypting stored values", newKey);
        if (bus != null) {
            bus.notice(KEYS_CHANGED);
        }
        long reencrypted = 0;
        while (true) {
            long batch = locked(() -> jdbc.inTransaction(c -> {
                long done = 0;
                for (Object[] row : store.valuesNotUnder(c, newKey, ROTATION_BATCH)) {
                    String uid = (String) row[0];
                    String valueKey = (String) row[1];
                    Sealed before = (Sealed) row[2];
                    String plain = keys.open(before, valueContext(uid, valueKey));
                    if (store.reseal(c, uid, valueKey, before, keys.seal(plain, valueContext(uid, valueKey)))) {
                        done++;
                    }
                }
                for (Map.Entry<String, Sealed> row : io.plugboard.core.internal.oidc.SigningKeys.valuesNotUnder(c, newKey,
                        ROTATION_BATCH).entrySet()) {
                    String context = io.plugboard.core.internal.oidc.SigningKeys.context(row.getKey());
                    String plain = keys.open(row.getValue(), context);
                    if (io.plugboard.core.internal.oidc.SigningKeys.reseal(c, row.getKey(), row.getValue(),
                            keys.seal(plain, context))) {
                        done++;
                    }
                }
                for (Map.Entry<String, Sealed> row : ConnectionStore.valuesNotUnder(c, newKey, ROTATION_BATCH)) {
                    String context = ConnectionStore.context(row.getKey());
                    String plain = keys.open(row.getValue(), context);
                    if (ConnectionStore.reseal(c, row.getKey(), row.getValue(), keys.seal(plain, context))) {
                        done++;
                    }
                }
                return done;
            }));
            if (batch == 0) {
                break;
            }
            reencrypted += batch;
        }
        List<String> retired = locked(() -> jdbc.inTransaction(keys::retireUnused));
        if (bus != null) {
            bus.notice(KEYS_CHANGED);
        }
        LOG.info("Key rotation done: {} value(s) re-encrypted under {}, retired {}", reencrypted, newKey, retired);
        return new RotationResult(newKey, reencrypted, retired);
    }

    private <T> T locked(java.util.function.Supplier<T> work) {
        writeLock.lock();
        try {
            return work.get();
        } finally {
            cache.invalidate();
            writeLock.unlock();
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------

    /** Lookups for validation: this input's documents first, then the store. */
    private final class BatchLookup implements ResourceValidator.Lookup {
        private final Connection connection;
        private final Map<ResourceRef, Doc> batch = new HashMap<>();

        BatchLookup(Connection connection, List<Doc> docs) {
            this.connection = connection;
            docs.forEach(d -> batch.put(d.ref(), d));
        }

        @Override
        @SuppressWarnings("unchecked")
        public Optional<Set<String>> secretKeys(ResourceRef ref) {
            Doc doc = batch.get(ref);
            if (doc != null) {
                return Optional.of(((Map<String, Object>) doc.spec().get("data")).keySet());
            }
            return stored(ref).map(r -> new TreeSet<>(r.secretKeys()));
        }

        @Override
        public Optional<String> integrationType(ResourceRef ref) {
            Doc doc = batch.get(ref);
            if (doc != null) {
                return Optional.of((String) doc.spec().get("type"));
            }
            return stored(ref).map(r -> (String) r.spec().get("type"));
        }

        @Override
        public boolean connectionExists(Scope scope, io.plugboard.api.connection.ConnectionTypeRef type, String name) {
            for (Doc doc : batch.values()) {
                if (doc.kind() == Kind.CONNECTION && doc.ref().name().equals(name)
                        && type.toString().equals(doc.spec().get("type"))
                        && (doc.ref().scope().equals(scope)
                        || doc.ref().scope().equals(Scope.organization(scope.organization())))) {
                    return true;
                }
            }
            try {
                return ConnectionReferences.resolve(connection, scope, type, name).isPresent();
            } catch (SQLException e) {
                throw new IllegalStateException("Database error: " + e.getMessage(), e);
            }
        }

        private Optional<Resource> stored(ResourceRef ref) {
            try {
                return store.find(connection, ref);
            } catch (SQLException e) {
                throw new IllegalStateException("Database error: " + e.getMessage(), e);
            }
        }
    }

    // ---- provisioning --------------------------------------------------------------------------------

    private CompletableFuture<Void> reconcile(String integrationUid, boolean force) {
        ProvisioningStore.Listener listener = provisioning;
        return listener == null ? CompletableFuture.failedFuture(new IllegalStateException("provisioning is not running"))
                : listener.reconcile(integrationUid, force);
    }

    @Override
    public Resource provision(ResourceRef integration) {
        if (integration.kind() != Kind.INTEGRATION) {
            throw new IllegalArgumentException("Only integrations are provisioned, not " + integration.kind());
        }
        Resource found = get(integration).orElseThrow(() -> new ResourceNotFoundException(integration));
        try {
            reconcile(found.uid(), true).get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Provisioning " + integration + " did not finish: " + e.getMessage(), e);
        }
        cache.invalidate();
        return get(integration).orElseThrow(() -> new ResourceNotFoundException(integration));
    }

    @Override
    public void listen(ProvisioningStore.Listener listener) {
        provisioning = listener;
    }

    @Override
    public Optional<Resource> integration(String uid) {
        return jdbc.read(c -> store.findByUid(c, uid)).filter(r -> r.kind() == Kind.INTEGRATION);
    }

    @Override
    public List<Resource> integrations() {
        return list(Kind.INTEGRATION, null, null);
    }

    @Override
    public List<Resource> eventSourcesOf(Resource integration) {
        return list(Kind.EVENT_SOURCE, integration.scope().organization(), null).stream()
                .filter(source -> integrationOf(source).map(i -> i.uid().equals(integration.uid())).orElse(false))
                .toList();
    }

    /** The integration an event source's {@code spec.integration} names. */
    @SuppressWarnings("unchecked")
    private Optional<Resource> integrationOf(Resource source) {
        if (!(source.spec().get("integration") instanceof Map<?, ?> ref)) {
            return Optional.empty();
        }
        Scope scope = References.integrationScope(source.scope(), (String) ref.get("domain"));
        return get(new ResourceRef(Kind.INTEGRATION, scope, (String) ref.get("name")));
    }

    @Override
    public boolean status(String uid, long generation, Map<String, Object> status) {
        try {
            return jdbc.inTransaction(c -> store.updateStatus(c, uid, generation, status));
        } finally {
            cache.invalidate();
        }
    }

    @Override
    public IntegrationContext context(Resource integration) {
        return Integrations.context(integration, publicUrl.value(), ref -> integrationSecret(integration, ref),
                ref -> heldToken(integration, ref).map(HeldToken::token));
    }

    @Override
    public void credentialState(String uid, long generation, String state, String reason) {
        Map<String, Object> credential = new LinkedHashMap<>();
        credential.put("state", state);
        if (reason != null) {
            credential.put("reason", reason);
        }
        Optional<Resource> current = jdbc.read(c -> store.findByUid(c, uid));
        if (current.isPresent() && current.get().generation() == generation
                && statusKey(current.get(), "credential", credential)) {
            LOG.info("Integration {}: its credential is {}{}", current.get().ref(), state, reason == null ? "" : ": " + reason);
        }
    }

    /** Keys of an integration's status that Plugboard writes itself (provisioning), never a provider. */
    private static final java.util.Set<String> OWN_STATUS = java.util.Set.of("provisioning", "phase", "message",
            "observedGeneration", "lastTransitionAt");

    @Override
    public boolean setStatus(ResourceRef ref, String key, Map<String, Object> value) {
        if (ref.kind() != Kind.INTEGRATION) {
            throw new IllegalArgumentException("Only an integration's status can be set");
        }
        if (key == null || !key.matches("[a-z][A-Za-z0-9]{0,62}") || OWN_STATUS.contains(key)) {
            throw new IllegalArgumentException("status." + key + " is not a key a provider may set");
        }
        for (int attempt = 0; attempt < 5; attempt++) {
            Resource current = get(ref).orElseThrow(() -> new ResourceNotFoundException(ref));
            Optional<Resource> fresh = jdbc.read(c -> store.findByUid(c, current.uid()));
            if (fresh.isEmpty()) {
                throw new ResourceNotFoundException(ref);
            }
            Object before = fresh.get().status().get(key);
            if (before instanceof Map<?, ?> b && withoutSince(b).equals(value)) {
                return false;
            }
            if (statusKey(fresh.get(), key, value)) {
                return true;
            }
            // the integration changed meanwhile (a new generation, or provisioning wrote its status): read it again
        }
        throw new IllegalStateException("status." + key + " of " + ref + " could not be written: it keeps changing");
    }

    /** Writes {@code status.<key>} (with {@code since}) unless it already holds {@code value}; false when it did not. */
    private boolean statusKey(Resource current, String key, Map<String, Object> value) {
        Map<String, Object> status = new LinkedHashMap<>(current.status());
        if (status.get(key) instanceof Map<?, ?> b && withoutSince(b).equals(value)) {
            return false;
        }
        Map<String, Object> written = new LinkedHashMap<>(value);
        written.put("since", java.time.Instant.now().toString());
        status.put(key, written);
        return status(current.uid(), current.generation(), status);
    }

    private static Map<Object, Object> withoutSince(Map<?, ?> value) {
        Map<Object, Object> copy = new LinkedHashMap<>(value);
        copy.remove("since");
        return copy;
    }

    @Override
    public String hookSecret(String uid) {
        return webhookSecret(uid).orElse("");
    }

    @Override
    public List<String> integrationsUsing(Connection c, Scope scope, io.plugboard.api.connection.ConnectionTypeRef type,
                                          String name) throws SQLException {
        return ConnectionReferences.integrationsUsing(c, scope, type, name);
    }

    @Override
    public Optional<IntegrationCredentials.Access> access(ResourceRef ref) {
        if (ref.kind() != Kind.INTEGRATION) {
            return Optional.empty();
        }
        return get(ref).flatMap(this::access);
    }

    @Override
    public Optional<IntegrationCredentials.Access> access(Resource integration) {
        return Optional.of(integration).map(i -> {
            Map<String, Object> tokenRef = ResourceValidator.nested(integration.spec(), "auth", "token", "valueFrom", "secret");
            Map<String, Object> connectionRef = ConnectionReferences.reference(integration.spec());
            String providerId = IntegrationTypes.providerId(integration);
            if (tokenRef != null) {
                return new IntegrationCredentials.Access(integration, providerId,
                        integrationSecret(integration, tokenRef).orElse(null), null);
            }
            Optional<HeldToken> held = connectionRef == null ? Optional.empty() : heldToken(integration, connectionRef);
            if (held.isEmpty() && connectionRef == null) {
                Optional<IntegrationCredentials.Access> issued = issuedAccess(integration, providerId);
                if (issued.isPresent()) {
                    return issued.get();
                }
            }
            return new IntegrationCredentials.Access(integration, providerId, held.map(HeldToken::token).orElse(null),
                    held.filter(HeldToken::oauth).map(HeldToken::connectionUid).orElse(null));
        });
    }

    /**
     * An integration whose {@code spec.auth.use} a provider's {@code CredentialIssuer} serves (a GitHub App): its block
     * of {@code spec.auth} with each secret reference replaced by the secret's value.
     */
    private Optional<IntegrationCredentials.Access> issuedAccess(Resource integration, String providerId) {
        Object use = ResourceValidator.nested(integration.spec(), "auth") == null ? null
                : ResourceValidator.nested(integration.spec(), "auth").get("use");
        if (!(use instanceof String authType)) {
            return Optional.empty();
        }
        Optional<String> settingsKey = providers.provider(providerId).flatMap(p -> p.credentialIssuer(authType))
                .map(io.plugboard.api.provider.CredentialIssuer::settingsKey);
        if (settingsKey.isEmpty() && AUTH_TYPE_OIDC.equals(authType)) {
            settingsKey = Optional.of("oidc"); // Plugboard's own ID token is the credential
        }
        return settingsKey.map(key -> {
            Map<String, Object> block = ResourceValidator.nested(integration.spec(), "auth", key);
            Map<String, Object> settings = new LinkedHashMap<>();
            (block == null ? Map.<String, Object>of() : block).forEach((k, v) -> {
                Map<String, Object> ref = v instanceof Map<?, ?> ? ResourceValidator.nested(castMap(v), "valueFrom", "secret")
                        : null;
                settings.put(k, ref == null ? v : integrationSecret(integration, ref).orElse(null));
            });
            return new IntegrationCredentials.Access(integration, providerId, null, null, authType, settings);
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object map) {
        return (Map<String, Object>) map;
    }

    /** A {@code valueFrom.secret} reference ({@code {name, key}}) of an integration, looked up in its secret scopes. */
    private Optional<String> integrationSecret(Resource integration, Map<String, Object> ref) {
        String name = (String) ref.get("name");
        String key = (String) ref.get("key");
        for (Scope s : References.secretScopes(integration.scope())) {
            Optional<String> value = value(s, name, key);
            if (value.isPresent()) {
                return value;
            }
        }
        return Optional.empty();
    }

    /** The token an integration's {@code auth.connection} ({@code {type, name}}) holds. */
    private record HeldToken(String connectionUid, String token, boolean oauth) {
    }

    private Optional<HeldToken> heldToken(Resource integration, Map<String, Object> ref) {
        return connectionToken(integration.scope(),
                io.plugboard.api.connection.ConnectionTypeRef.parse((String) ref.get("type")), (String) ref.get("name"));
    }

    /** The token a connection holds: an OAuth {@code access_token}, else a Form {@code token} field. */
    private Optional<HeldToken> connectionToken(Scope scope, io.plugboard.api.connection.ConnectionTypeRef type, String name) {
        return jdbc.read(c -> {
            Optional<String> uid = ConnectionReferences.resolve(c, scope, type, name);
            if (uid.isEmpty()) {
                return Optional.empty();
            }
            Optional<Sealed> sealed = ConnectionStore.sealedStorage(c, uid.get());
            if (sealed.isEmpty()) {
                return Optional.empty();
            }
            Map<String, Object> storage = ResourceStore.map(keys.open(sealed.get(), ConnectionStore.context(uid.get())));
            boolean oauth = storage.containsKey("access_token");
            Object token = oauth ? storage.get("access_token") : storage.get("token");
            return token instanceof String s ? Optional.of(new HeldToken(uid.get(), s, oauth)) : Optional.empty();
        });
    }
}
