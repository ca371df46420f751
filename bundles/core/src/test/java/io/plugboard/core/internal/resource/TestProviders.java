package io.plugboard.core.internal.resource;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import io.plugboard.api.provider.AuthMode;
import io.plugboard.api.provider.EventType;
import io.plugboard.api.provider.Provider;
import io.plugboard.api.provider.ProviderRegistry;
import io.plugboard.api.provider.Provisioner;
import io.plugboard.api.provider.RegisteredProvider;

/** A provider registry for tests: GitHub and Semaphore descriptors, changeable at will. */
final class TestProviders implements ProviderRegistry {

    private final Map<String, RegisteredProvider> active = new TreeMap<>();

    static TestProviders githubAndSemaphore() {
        TestProviders p = new TestProviders();
        p.add("github", List.of("repository", "branch", "event"), null);
        p.add("semaphore", List.of("project", "branch", "pipeline"), null);
        return p;
    }

    void add(String id, List<String> filterFields, Provisioner provisioner) {
        Provider descriptor = new Provider() {
            public String id() { return id; }
            public String name() { return id.toUpperCase(); }
            public Set<AuthMode> authModes() { return EnumSet.of(AuthMode.TOKEN); }
            public List<EventType> eventTypes() { return List.of(EventType.of("push", "")); }
            public List<String> filterFields() { return filterFields; }
            // like the real ones: GitHub Actions' issuer, and a Semaphore organization's own
            public String ciIssuer(String url) {
                return id.equals("github") ? "https://token.actions.githubusercontent.com"
                        : id.equals("semaphore") && !url.isEmpty() ? url : null;
            }
        };
        active.put(id, new RegisteredProvider(descriptor, "test." + id, "1.0.0", null, List.of(), provisioner));
    }

    RegisteredProvider remove(String id) {
        return active.remove(id);
    }

    @Override
    public List<RegisteredProvider> providers() {
        return List.copyOf(active.values());
    }

    @Override
    public Optional<RegisteredProvider> provider(String id) {
        return Optional.ofNullable(active.get(id));
    }
}
