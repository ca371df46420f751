package io.plugboard.connections.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import io.plugboard.api.connection.ConnectionType;
import io.plugboard.api.connection.ConnectionTypeRef;
import io.plugboard.api.connection.ConnectionTypeRegistry;
import io.plugboard.api.connection.InvalidConnectionType;
import io.plugboard.api.provider.Provider;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection-type extender: for every {@link Provider} service, reads the {@code connections/} folder of the
 * bundle that registered it, with the provider's id; the types go away with the service.
 *
 * <p>As in the provider registry, the first provider service with an id wins: a second one with the same id (say, two
 * versions of a bundle) contributes nothing until the first goes away. Files are read once, when the service
 * appears (or its properties change); each invalid file is logged once at WARN and listed by {@link #invalid()}.
 * Reads use an immutable snapshot and never block.
 */
@Component(service = ConnectionTypeRegistry.class, immediate = true)
public class ConnectionTypeRegistryImpl implements ConnectionTypeRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionTypeRegistryImpl.class);

    /** What one provider service contributed. */
    record Contribution(long serviceId, String provider, String bundle, ConnectionTypeReader.Result result) {
    }

    private record Snapshot(Map<ConnectionTypeRef, ConnectionType> types, List<InvalidConnectionType> invalid) {
        static final Snapshot EMPTY = new Snapshot(Map.of(), List.of());
    }

    private final Object lock = new Object();
    /** By service id, in arrival order. */
    private final Map<Long, Contribution> contributions = new LinkedHashMap<>();
    private volatile Snapshot snapshot = Snapshot.EMPTY;

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

    // ---- DS bindings ------------------------------------------------------------------------------

    @Reference(service = Provider.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindProvider(ServiceReference<Provider> ref, Provider provider) {
        Contribution contribution = read(ref, provider);
        if (contribution != null) {
            add(contribution);
        }
    }

    void updatedProvider(ServiceReference<Provider> ref, Provider provider) {
        remove(serviceId(ref));
        bindProvider(ref, provider);
    }

    void unbindProvider(ServiceReference<Provider> ref) {
        remove(serviceId(ref));
    }

    @Deactivate
    void deactivate() {
        synchronized (lock) {
            contributions.clear();
            snapshot = Snapshot.EMPTY;
        }
    }

    /** Reads the connection types of the bundle that registered {@code ref}; {@code null} when there is nothing to add. */
    private static Contribution read(ServiceReference<Provider> ref, Provider provider) {
        Bundle bundle = ref.getBundle();
        if (bundle == null) {
            return null; // unregistered meanwhile
        }
        String id;
        try {
            id = provider.id();
        } catch (RuntimeException e) {
            LOG.warn("Provider service {} of bundle {}: id() failed ({}); its connection types are not read",
                    serviceId(ref), bundle.getSymbolicName(), e.toString());
            return null;
        }
        if (!Provider.isValidId(id)) {
            LOG.warn("Provider service {} of bundle {} has an invalid id '{}'; its connection types are not read",
                    serviceId(ref), bundle.getSymbolicName(), id);
            return null;
        }
        String bundleName = bundle.getSymbolicName();
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
        return new Contribution(serviceId(ref), id, bundleName, result);
    }

    // ---- the model (package-private for tests) ----------------------------------------------------

    void add(Contribution contribution) {
        synchronized (lock) {
            for (Contribution other : contributions.values()) {
                if (other.provider().equals(contribution.provider())) {
                    LOG.warn("Provider {} of bundle {}: another provider service with that id (bundle {}) came first; "
                            + "its connection types are used until it goes away", contribution.provider(),
                            contribution.bundle(), other.bundle());
                    break;
                }
            }
            contributions.put(contribution.serviceId(), contribution);
            rebuild();
        }
    }

    void remove(long serviceId) {
        synchronized (lock) {
            Contribution removed = contributions.remove(serviceId);
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
        Set<String> seen = new HashSet<>();
        for (Contribution contribution : contributions.values()) {
            if (!seen.add(contribution.provider())) {
                continue; // the first service with this id wins
            }
            contribution.result().types().forEach(t -> types.put(t.ref(), t));
            invalid.addAll(contribution.result().invalid());
        }
        invalid.sort(Comparator.comparing(InvalidConnectionType::provider).thenComparing(InvalidConnectionType::file));
        // a TreeMap: types() lists them sorted by reference
        snapshot = new Snapshot(Collections.unmodifiableMap(types), List.copyOf(invalid));
    }

    private static long serviceId(ServiceReference<?> ref) {
        return (Long) ref.getProperty(Constants.SERVICE_ID);
    }
}
