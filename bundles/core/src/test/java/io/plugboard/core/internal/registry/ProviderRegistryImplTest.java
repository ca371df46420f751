package io.plugboard.core.internal.registry;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.plugboard.api.outbound.ApiClient;
import io.plugboard.api.provider.Action;
import io.plugboard.api.provider.AuthMode;
import io.plugboard.api.provider.Capability;
import io.plugboard.api.provider.CredentialIssuer;
import io.plugboard.api.provider.EventType;
import io.plugboard.api.provider.IntegrationContext;
import io.plugboard.api.provider.IssuedToken;
import io.plugboard.api.provider.Provider;
import io.plugboard.api.provider.ProviderListener;
import io.plugboard.api.provider.RegisteredProvider;
import io.plugboard.api.provider.WebhookVerification;
import io.plugboard.api.provider.WebhookVerifier;
import org.junit.Test;

public class ProviderRegistryImplTest {

    private final ProviderRegistryImpl registry = new ProviderRegistryImpl();
    private final RecordingListener events = new RecordingListener();

    @Test
    public void providersAppearAndDisappear() {
        registry.addListener(events);
        registry.addProvider(provider("github", "GitHub"), origin(1, "io.plugboard.provider.github"));
        registry.addProvider(provider("gitlab", "GitLab"), origin(2, "io.plugboard.provider.gitlab"));

        assertEquals(List.of("github", "gitlab"), ids());
        RegisteredProvider github = registry.provider("github").orElseThrow();
        assertEquals("GitHub", github.name());
        assertEquals("io.plugboard.provider.github", github.bundleSymbolicName());
        assertEquals("1.0.0", github.bundleVersion());

        registry.removeProvider(1);
        assertEquals(List.of("gitlab"), ids());
        assertTrue(registry.provider("github").isEmpty());
        assertEquals(List.of("added github", "added gitlab", "removed github"), events.log);
    }

    /** What depends on an integration's url is asked of the provider itself, through the registry's snapshot. */
    @Test
    public void theCiIssuerIsTheProvidersOwnForEachUrl() {
        Provider semaphore = new Provider() {
            public String id() { return "semaphore"; }
            public String name() { return "Semaphore"; }
            public Set<AuthMode> authModes() { return EnumSet.of(AuthMode.TOKEN); }
            public List<EventType> eventTypes() { return List.of(); }
            public String ciIssuer(String url) { return url.isEmpty() ? null : url; }
        };
        registry.addProvider(semaphore, origin(1, "io.plugboard.provider.semaphore"));
        Provider seen = registry.provider("semaphore").orElseThrow().descriptor();
        assertEquals("https://acme.semaphoreci.com", seen.ciIssuer("https://acme.semaphoreci.com"));
        assertEquals(null, seen.ciIssuer(""));
    }

    @Test
    public void secondProviderWithSameIdIsIgnoredUntilTheFirstLeaves() {
        registry.addListener(events);
        registry.addProvider(provider("github", "GitHub"), origin(1, "first"));
        registry.addProvider(provider("github", "GitHub Clone"), origin(2, "second"));

        assertEquals(1, registry.providers().size());
        assertEquals("first", registry.provider("github").orElseThrow().bundleSymbolicName());
        assertEquals(List.of("added github"), events.log);

        registry.removeProvider(1);
        assertEquals("second", registry.provider("github").orElseThrow().bundleSymbolicName());
        assertEquals("GitHub Clone", registry.provider("github").orElseThrow().name());
        assertEquals(List.of("added github", "updated github"), events.log);

        registry.removeProvider(2);
        assertTrue(registry.providers().isEmpty());
    }

    @Test
    public void invalidOrBrokenProvidersAreSkipped() {
        registry.addProvider(provider("Git-Hub", "Bad id"), origin(1, "bad"));
        registry.addProvider(provider("noname", " "), origin(2, "bad"));
        registry.addProvider(new Provider() {
            public String id() { throw new IllegalStateException("boom"); }
            public String name() { return "x"; }
            public Set<AuthMode> authModes() { return Set.of(); }
            public List<EventType> eventTypes() { return List.of(); }
        }, origin(3, "bad"));
        registry.addProvider(provider("ok", "OK"), origin(4, "good"));
        assertEquals(List.of("ok"), ids());
    }

    @Test
    public void capabilitiesAttachAndDetachByProviderId() {
        registry.addListener(events);
        WebhookVerifier verifier = (request, secret) -> WebhookVerification.rejected("test");
        // a capability may arrive before its provider
        registry.addCapability(registry.verifiers(), "github", verifier, origin(10, "github"));
        registry.addProvider(provider("github", "GitHub"), origin(1, "github"));
        assertEquals(Set.of(Capability.WEBHOOKS), registry.provider("github").orElseThrow().capabilities());

        registry.addCapability(registry.actions(), "github", action("run-workflow"), origin(11, "github"));
        registry.addCapability(registry.actions(), "github", action("run-workflow"), origin(12, "github"));
        RegisteredProvider github = registry.provider("github").orElseThrow();
        assertEquals(EnumSet.of(Capability.WEBHOOKS, Capability.ACTIONS), github.capabilities());
        assertEquals("duplicate action names are dropped", 1, github.actions().size());

        registry.removeCapability(registry.verifiers(), 10);
        assertEquals(Set.of(Capability.ACTIONS), registry.provider("github").orElseThrow().capabilities());
        // the ignored duplicate action changed nothing, so it was not announced
        assertEquals(List.of("added github", "updated github", "updated github"), events.log);

        // a capability for an absent provider changes nothing visible
        registry.addCapability(registry.verifiers(), "slack", verifier, origin(13, "slack"));
        assertEquals(List.of("github"), ids());
    }

    @Test
    public void aNewListenerIsToldAboutProvidersAlreadyActive() {
        registry.addProvider(provider("github", "GitHub"), origin(1, "github"));
        registry.addListener(events);
        assertEquals(List.of("added github"), events.log);

        registry.removeListener(events);
        registry.removeProvider(1);
        assertEquals(List.of("added github"), events.log);
    }

    @Test
    public void aFailingListenerDoesNotStopOthers() {
        registry.addListener(new ProviderListener() {
            public void providerAdded(RegisteredProvider provider) { throw new IllegalStateException("boom"); }
            public void providerRemoved(RegisteredProvider provider) { throw new IllegalStateException("boom"); }
        });
        registry.addListener(events);
        registry.addProvider(provider("github", "GitHub"), origin(1, "github"));
        assertEquals(List.of("added github"), events.log);
        assertFalse(registry.providers().isEmpty());
    }

    private List<String> ids() {
        List<String> ids = new ArrayList<>();
        registry.providers().forEach(p -> ids.add(p.id()));
        return ids;
    }

    private static ProviderOrigin origin(long serviceId, String bundle) {
        return new ProviderOrigin(serviceId, bundle, "1.0.0");
    }

    static Provider provider(String id, String name) {
        return new Provider() {
            public String id() { return id; }
            public String name() { return name; }
            public Set<AuthMode> authModes() { return EnumSet.of(AuthMode.TOKEN); }
            public List<EventType> eventTypes() { return List.of(EventType.of("push", "")); }
        };
    }

    private static Action action(String name) {
        return new Action() {
            public String name() { return name; }
            public String inputSchema() { return "{\"type\": \"object\"}"; }
            public io.plugboard.api.provider.ActionRun start(io.plugboard.api.outbound.ApiClient api,
                                                             io.plugboard.api.provider.ActionCall call) {
                return io.plugboard.api.provider.ActionRun.passed(Map.of(), Map.of());
            }
        };
    }

    private static final class RecordingListener implements ProviderListener {
        final List<String> log = new ArrayList<>();
        public void providerAdded(RegisteredProvider p) { log.add("added " + p.id()); }
        public void providerUpdated(RegisteredProvider p) { log.add("updated " + p.id()); }
        public void providerRemoved(RegisteredProvider p) { log.add("removed " + p.id()); }
    }

    @Test
    public void credentialIssuersAreACapabilityOnePerAuthType() {
        registry.addProvider(provider("github", "GitHub"), origin(1, "github"));
        registry.addCapability(registry.issuers(), "github", issuer("AUTH_TYPE_GITHUB_APP"), origin(20, "github"));
        registry.addCapability(registry.issuers(), "github", issuer("AUTH_TYPE_GITHUB_APP"), origin(21, "github"));
        RegisteredProvider github = registry.provider("github").orElseThrow();
        assertEquals(Set.of(Capability.CREDENTIALS), github.capabilities());
        assertEquals("a second issuer of the same auth type is dropped", 1, github.credentialIssuers().size());
        assertTrue(github.credentialIssuer("AUTH_TYPE_GITHUB_APP").isPresent());
        assertTrue(github.credentialIssuer("AUTH_TYPE_TOKEN").isEmpty());
        registry.removeCapability(registry.issuers(), 20);
        registry.removeCapability(registry.issuers(), 21);
        assertEquals(Set.of(), registry.provider("github").orElseThrow().capabilities());
    }

    private static CredentialIssuer issuer(String authType) {
        return new CredentialIssuer() {
            public String authType() { return authType; }
            public String settingsKey() { return "app"; }
            public IssuedToken issue(IntegrationContext integration, Map<String, Object> settings,
                                     Function<String, ApiClient> signedAs) {
                return new IssuedToken("t", Instant.now());
            }
        };
    }
}
