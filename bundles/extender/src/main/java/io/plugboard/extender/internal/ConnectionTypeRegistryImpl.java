package io.plugboard.extender.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.plugboard.api.connection.ConnectionType;
import io.plugboard.api.connection.ConnectionTypeRef;
import io.plugboard.api.connection.ConnectionTypeRegistry;
import io.plugboard.api.connection.InvalidConnectionType;
import io.plugboard.api.provider.ProviderListener;
import io.plugboard.api.provider.RegisteredProvider;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection-type extender: follows the provider registry (it owns providers and their "first id wins" rule) and
 * reads the {@code connections/} folder of each provider's bundle as it is admitted; the types go away with it.
 *
 * <p>Files are read once, when the provider appears or its bundle changes; each invalid file is logged once at WARN
 * and listed by {@link #invalid()}. Reads use an immutable snapshot and never block.
 */
@Component(service = {ConnectionTypeRegistry.class, ProviderListener.class}, immediate = true)
public class ConnectionTypeRegistryImpl implements ConnectionTypeRegistry, ProviderListener {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionTypeRegistryImpl.class);

    /** What one provider contributed, read from its bundle. */
    record Contribution(String provider, String bundle, String bundleVersion, ConnectionTypeReader.Result result) {
    }

    private record Snapshot(Map<ConnectionTypeRef, ConnectionType> types, List<InvalidConnectionType> invalid) {
        static final Snapshot EMPTY = new Snapshot(Map.of(), List.of());
    }

    private final Object lock = new Object();
    /** By provider id, in arrival order. */
    private final Map<String, Contribution> contributions = new LinkedHashMap<>();
    private volatile Snapshot snapshot = Snapshot.EMPTY;
    private final BundleContext context;

    @Activate
    public ConnectionTypeRegistryImpl(BundleContext context) {
        this.context = context;
    }

    /** For tests: contributions are added by hand. */
    ConnectionTypeRegistryImpl() {
        this(null);
    }

    // ---- ConnectionTypeRegistry -------------------------------------------------------------------

    @Override
    public List<ConnectionType> types() {
        return List.copyOf(snapshot.types().values());
    }

    @Override
    public Optional<ConnectionType> find(ConnectionTypeRef ref) {
        return Optional.ofNullable(ref == null ? null : snapshot.types().get(ref));
    }

    @Override
    public List<InvalidConnectionType> invalid() {
        return snapshot.invalid();
    }

    // ---- following the provider registry ------------------------------------------------------------

    @Override
    public void providerAdded(RegisteredProvider provider) {
        Contribution contribution = read(provider);
        if (contribution != null) {
            add(contribution);
        }
    }

    /** Capabilities change often (a verifier comes); the files are read again only when the bundle is another one. */
    @Override
    public void providerUpdated(RegisteredProvider provider) {
        Contribution current;
        synchronized (lock) {
            current = contributions.get(provider.id());
        }
        if (current == null || !current.bundle().equals(provider.bundleSymbolicName())
                || !current.bundleVersion().equals(provider.bundleVersion())) {
            remove(provider.id());
            providerAdded(provider);
        }
    }

    @Override
    public void providerRemoved(RegisteredProvider provider) {
        remove(provider.id());
    }

    @Deactivate
    void deactivate() {
        synchronized (lock) {
            contributions.clear();
            snapshot = Snapshot.EMPTY;
        }
    }

    /** Reads the connection types of the provider's bundle; {@code null} when there is nothing to add. */
    private Contribution read(RegisteredProvider provider) {
        Bundle bundle = bundleOf(provider);
        String id = provider.id();
        String bundleName = provider.bundleSymbolicName();
        if (bundle == null) {
            LOG.warn("Provider {}: bundle {}/{} not found; its connection types are not read", id, bundleName,
                    provider.bundleVersion());
            return null;
        }
        ConnectionTypeReader.Result result;
        try {
            result = new ConnectionTypeReader(id, bundleName, new BundleEntrySource(bundle)).read();
        } catch (RuntimeException e) {
            LOG.warn("Provider {} (bundle {}): reading connections/ failed", id, bundleName, e);
            return null;
        }
        for (InvalidConnectionType invalid : result.invalid()) {
            LOG.warn("Provider {} (bundle {}): connection type file {} is invalid: {}", id, bundleName,
                    invalid.file(), invalid.reason());
        }
        if (!result.types().isEmpty()) {
            LOG.info("Provider {} (bundle {}): connection types {}", id, bundleName,
                    result.types().stream().map(t -> t.ref().toString()).toList());
        }
        return new Contribution(id, bundleName, provider.bundleVersion(), result);
    }

    private Bundle bundleOf(RegisteredProvider provider) {
        if (context == null) {
            return null;
        }
        for (Bundle b : context.getBundles()) {
            if (provider.bundleSymbolicName().equals(b.getSymbolicName())
                    && provider.bundleVersion().equals(b.getVersion().toString())) {
                return b;
            }
        }
        return null;
    }

    // ---- the model (package-private for tests) ----------------------------------------------------

    void add(Contribution contribution) {
        synchronized (lock) {
            contributions.put(contribution.provider(), contribution);
            rebuild();
        }
    }

    void remove(String provider) {
        synchronized (lock) {
            Contribution removed = contributions.remove(provider);
            if (removed != null) {
                rebuild();
                if (!removed.result().types().isEmpty()) {
                    LOG.info("Provider {} (bundle {}) went away: its connection types are withdrawn",
                            removed.provider(), removed.bundle());
                }
            }
        }
    }

    private void rebuild() {
        Map<ConnectionTypeRef, ConnectionType> types = new TreeMap<>();
        List<InvalidConnectionType> invalid = new ArrayList<>();
        for (Contribution contribution : contributions.values()) {
            contribution.result().types().forEach(t -> types.put(t.ref(), t));
            invalid.addAll(contribution.result().invalid());
        }
        invalid.sort(Comparator.comparing(InvalidConnectionType::provider).thenComparing(InvalidConnectionType::file));
        // a TreeMap: types() lists them sorted by reference
        snapshot = new Snapshot(Collections.unmodifiableMap(types), List.copyOf(invalid));
    }
}
