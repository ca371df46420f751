package io.plugboard.core.internal.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

import io.plugboard.api.provider.Action;
import io.plugboard.api.provider.CredentialIssuer;
import io.plugboard.api.provider.Provider;
import io.plugboard.api.provider.ProviderListener;
import io.plugboard.api.provider.ProviderRegistry;
import io.plugboard.api.provider.Provisioner;
import io.plugboard.api.provider.RegisteredProvider;
import io.plugboard.api.provider.WebhookVerifier;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks provider descriptors and their capability services (whiteboard, dynamic) and tells
 * {@link ProviderListener}s what changed.
 *
 * <p>The first provider service with an id wins; a second one with the same id is ignored with a warning
 * and takes over if the first goes away. Capability services are grouped by their
 * {@code plugboard.provider} property. Every change is computed and announced under one lock, so
 * listeners see changes in order and never concurrently; reads use an immutable snapshot and never block.
 */
@Component(service = ProviderRegistry.class, immediate = true)
public class ProviderRegistryImpl implements ProviderRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderRegistryImpl.class);

    private final Object lock = new Object();
    /** Candidates per id in arrival order; the first is the active one. */
    private final Map<String, List<Contribution<Provider>>> candidates = new HashMap<>();
    private final Map<Long, Contribution<WebhookVerifier>> verifiers = new LinkedHashMap<>();
    private final Map<Long, Contribution<Action>> actions = new LinkedHashMap<>();
    private final Map<Long, Contribution<CredentialIssuer>> issuers = new LinkedHashMap<>();
    private final Map<Long, Contribution<Provisioner>> provisioners = new LinkedHashMap<>();
    private final List<ProviderListener> listeners = new ArrayList<>();
    private volatile Map<String, RegisteredProvider> active = Map.of();

    // ---- ProviderRegistry -------------------------------------------------------------------------

    @Override
    public List<RegisteredProvider> providers() {
        return List.copyOf(active.values());
    }

    @Override
    public Optional<RegisteredProvider> provider(String id) {
        return Optional.ofNullable(id == null ? null : active.get(id));
    }

    // ---- DS bindings ------------------------------------------------------------------------------

    @Reference(service = Provider.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindProvider(ServiceReference<Provider> ref, Provider provider) {
        addProvider(provider, origin(ref));
    }

    void updatedProvider(ServiceReference<Provider> ref, Provider provider) {
        // properties changed: re-read the descriptor (it may now describe something else)
        removeProvider(serviceId(ref));
        addProvider(provider, origin(ref));
    }

    void unbindProvider(ServiceReference<Provider> ref) {
        removeProvider(serviceId(ref));
    }

    @Reference(service = WebhookVerifier.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindWebhookVerifier(ServiceReference<WebhookVerifier> ref, WebhookVerifier verifier) {
        addCapability(verifiers, "webhook verifier", verifier, ref);
    }

    void unbindWebhookVerifier(ServiceReference<WebhookVerifier> ref) {
        removeCapability(verifiers, serviceId(ref));
    }

    @Reference(service = Action.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindAction(ServiceReference<Action> ref, Action action) {
        addCapability(actions, "action", action, ref);
    }

    void unbindAction(ServiceReference<Action> ref) {
        removeCapability(actions, serviceId(ref));
    }

    @Reference(service = CredentialIssuer.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindCredentialIssuer(ServiceReference<CredentialIssuer> ref, CredentialIssuer issuer) {
        addCapability(issuers, "credential issuer", issuer, ref);
    }

    void unbindCredentialIssuer(ServiceReference<CredentialIssuer> ref) {
        removeCapability(issuers, serviceId(ref));
    }

    @Reference(service = Provisioner.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindProvisioner(ServiceReference<Provisioner> ref, Provisioner provisioner) {
        addCapability(provisioners, "provisioner", provisioner, ref);
    }

    void unbindProvisioner(ServiceReference<Provisioner> ref) {
        removeCapability(provisioners, serviceId(ref));
    }

    @Reference(service = ProviderListener.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindListener(ProviderListener listener) {
        addListener(listener);
    }

    void unbindListener(ProviderListener listener) {
        removeListener(listener);
    }

    @Deactivate
    void deactivate() {
        synchronized (lock) {
            candidates.clear();
            verifiers.clear();
            actions.clear();
            issuers.clear();
            provisioners.clear();
            listeners.clear();
            active = Map.of();
        }
    }

    // ---- the model (package-private for tests) ----------------------------------------------------

    void addProvider(Provider provider, ProviderOrigin origin) {
        DescriptorSnapshot descriptor;
        try {
            descriptor = DescriptorSnapshot.of(provider);
        } catch (RuntimeException e) {
            LOG.warn("Ignoring provider service {} from bundle {}: {}", origin.serviceId(),
                    origin.bundleSymbolicName(), e.getMessage());
            return;
        }
        synchronized (lock) {
            List<Contribution<Provider>> list = candidates.computeIfAbsent(descriptor.id(), k -> new ArrayList<>());
            if (!list.isEmpty()) {
                ProviderOrigin winner = list.get(0).origin();
                LOG.warn("Ignoring provider '{}' from bundle {}/{}: a provider with that id is already active "
                                + "from bundle {}/{}; it takes over if that one goes away", descriptor.id(),
                        origin.bundleSymbolicName(), origin.bundleVersion(), winner.bundleSymbolicName(),
                        winner.bundleVersion());
            }
            list.add(new Contribution<>(descriptor.id(), descriptor, origin));
            refresh(Set.of(descriptor.id()));
        }
    }

    void removeProvider(long serviceId) {
        synchronized (lock) {
            for (Map.Entry<String, List<Contribution<Provider>>> e : candidates.entrySet()) {
                List<Contribution<Provider>> list = e.getValue();
                boolean wasActive = !list.isEmpty() && list.get(0).origin().serviceId() == serviceId;
                if (list.removeIf(c -> c.origin().serviceId() == serviceId)) {
                    String id = e.getKey();
                    if (list.isEmpty()) {
                        candidates.remove(id);
                    } else if (wasActive) {
                        ProviderOrigin next = list.get(0).origin();
                        LOG.info("Provider '{}' is now served by bundle {}/{}", id, next.bundleSymbolicName(),
                                next.bundleVersion());
                    }
                    refresh(Set.of(id));
                    return;
                }
            }
        }
    }

    <T> void addCapability(Map<Long, Contribution<T>> target, String kind, T service, ServiceReference<T> ref) {
        Object property = ref.getProperty(Provider.PROVIDER_PROPERTY);
        ProviderOrigin origin = origin(ref);
        if (!(property instanceof String) || !Provider.isValidId((String) property)) {
            LOG.warn("Ignoring {} service {} from bundle {}: service property {} must name a provider id, got {}",
                    kind, origin.serviceId(), origin.bundleSymbolicName(), Provider.PROVIDER_PROPERTY, property);
            return;
        }
        addCapability(target, (String) property, service, origin);
    }

    <T> void addCapability(Map<Long, Contribution<T>> target, String providerId, T service, ProviderOrigin origin) {
        synchronized (lock) {
            target.put(origin.serviceId(), new Contribution<>(providerId, service, origin));
            refresh(Set.of(providerId));
        }
    }

    <T> void removeCapability(Map<Long, Contribution<T>> target, long serviceId) {
        synchronized (lock) {
            Contribution<T> removed = target.remove(serviceId);
            if (removed != null) {
                refresh(Set.of(removed.providerId()));
            }
        }
    }

    Map<Long, Contribution<WebhookVerifier>> verifiers() {
        return verifiers;
    }

    Map<Long, Contribution<Action>> actions() {
        return actions;
    }

    Map<Long, Contribution<CredentialIssuer>> issuers() {
        return issuers;
    }

    Map<Long, Contribution<Provisioner>> provisioners() {
        return provisioners;
    }

    void addListener(ProviderListener listener) {
        synchronized (lock) {
            listeners.add(listener);
            for (RegisteredProvider p : active.values()) {
                notify(listener, l -> l.providerAdded(p));
            }
        }
    }

    void removeListener(ProviderListener listener) {
        synchronized (lock) {
            listeners.remove(listener);
        }
    }

    // ---- internals --------------------------------------------------------------------------------

    /** Recomputes the given ids, publishes the new snapshot, then tells listeners. Holds the lock. */
    private void refresh(Set<String> ids) {
        Map<String, RegisteredProvider> next = new TreeMap<>(active);
        List<Consumer<ProviderListener>> events = new ArrayList<>();
        for (String id : ids) {
            RegisteredProvider before = next.get(id);
            RegisteredProvider after = build(id);
            if (after == null) {
                next.remove(id);
            } else {
                next.put(id, after);
            }
            if (before == null && after != null) {
                LOG.info("Provider '{}' ({}) added from bundle {}/{} with capabilities {}", id, after.name(),
                        after.bundleSymbolicName(), after.bundleVersion(), after.capabilities());
                events.add(l -> l.providerAdded(after));
            } else if (before != null && after == null) {
                LOG.info("Provider '{}' removed", id);
                events.add(l -> l.providerRemoved(before));
            } else if (before != null && !sameState(before, after)) {
                LOG.info("Provider '{}' updated: capabilities {}", id, after.capabilities());
                events.add(l -> l.providerUpdated(after));
            }
        }
        active = Collections.unmodifiableMap(next);
        for (Consumer<ProviderListener> event : events) {
            for (ProviderListener listener : listeners) {
                notify(listener, event);
            }
        }
    }

    private RegisteredProvider build(String id) {
        List<Contribution<Provider>> list = candidates.get(id);
        if (list == null || list.isEmpty()) {
            return null;
        }
        Contribution<Provider> winner = list.get(0);
        return new RegisteredProvider(winner.service(), winner.origin().bundleSymbolicName(),
                winner.origin().bundleVersion(), single(verifiers, id, "webhook verifier"), actionsOf(id),
                single(provisioners, id, "provisioner"), issuersOf(id));
    }

    private static <T> T single(Map<Long, Contribution<T>> services, String id, String kind) {
        T first = null;
        for (Contribution<T> c : services.values()) {
            if (c.providerId().equals(id)) {
                if (first == null) {
                    first = c.service();
                } else {
                    LOG.warn("Provider '{}' has more than one {}; using the first registered, ignoring service {}",
                            id, kind, c.origin().serviceId());
                }
            }
        }
        return first;
    }

    private List<Action> actionsOf(String id) {
        return uniqueOf(actions, id, "action", Action::name);
    }

    private List<CredentialIssuer> issuersOf(String id) {
        return uniqueOf(issuers, id, "credential issuer", CredentialIssuer::authType);
    }

    /** The provider's services of one kind, the first of each name (an action's, an issuer's auth type) only. */
    private static <T> List<T> uniqueOf(Map<Long, Contribution<T>> services, String id, String kind,
                                        java.util.function.Function<T, String> nameOf) {
        List<T> result = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Contribution<T> c : services.values()) {
            if (!c.providerId().equals(id)) {
                continue;
            }
            String name;
            try {
                name = nameOf.apply(c.service());
            } catch (RuntimeException e) {
                LOG.warn("Ignoring {} service {} of provider '{}': {}", kind, c.origin().serviceId(), id, e.toString());
                continue;
            }
            if (names.add(name)) {
                result.add(c.service());
            } else {
                LOG.warn("Provider '{}' has two {} services for '{}'; ignoring service {}", id, kind, name,
                        c.origin().serviceId());
            }
        }
        return result;
    }

    private static boolean sameState(RegisteredProvider a, RegisteredProvider b) {
        return a.descriptor().equals(b.descriptor())
                && a.bundleSymbolicName().equals(b.bundleSymbolicName())
                && a.bundleVersion().equals(b.bundleVersion())
                && Objects.equals(a.webhookVerifier(), b.webhookVerifier())
                && a.actions().equals(b.actions())
                && a.credentialIssuers().equals(b.credentialIssuers())
                && Objects.equals(a.provisioner(), b.provisioner());
    }

    private static void notify(ProviderListener listener, Consumer<ProviderListener> event) {
        try {
            event.accept(listener);
        } catch (RuntimeException e) {
            LOG.warn("Provider listener {} failed", listener.getClass().getName(), e);
        }
    }

    private static long serviceId(ServiceReference<?> ref) {
        return (Long) ref.getProperty(Constants.SERVICE_ID);
    }

    private static ProviderOrigin origin(ServiceReference<?> ref) {
        Bundle bundle = ref.getBundle();
        return new ProviderOrigin(serviceId(ref),
                bundle == null ? "unknown" : bundle.getSymbolicName(),
                bundle == null ? "0.0.0" : bundle.getVersion().toString());
    }
}
