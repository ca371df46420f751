package io.plugboard.core.internal.resource;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.SecretKey;

import io.plugboard.api.outbound.ApiClient;
import io.plugboard.api.provider.ActionException;
import io.plugboard.api.provider.HookNeed;
import io.plugboard.api.provider.HookSpec;
import io.plugboard.api.provider.IntegrationContext;
import io.plugboard.api.provider.Provisioner;
import io.plugboard.api.resource.AppliedResource;
import io.plugboard.api.resource.ApplyAction;
import io.plugboard.api.resource.EncryptionKeys;
import io.plugboard.api.resource.InvalidResourceException;
import io.plugboard.api.resource.Kind;
import io.plugboard.api.resource.Resource;
import io.plugboard.api.resource.ResourceInUseException;
import io.plugboard.api.resource.ResourceNotFoundException;
import io.plugboard.api.resource.ResourceRef;
import io.plugboard.api.resource.Scope;
import io.plugboard.core.internal.crypto.AesGcm;
import io.plugboard.core.internal.crypto.KeyRing;
import io.plugboard.core.internal.provisioning.ProvisioningComponent;
import io.plugboard.core.internal.storage.Transactions;
import io.plugboard.core.internal.storage.SchemaMigrator;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.After;
import org.junit.Test;

public class ResourceServiceImplTest {

    private static final String ALL = Examples.SECRET + "---\n" + Examples.INTEGRATION + "---\n" + Examples.EVENT_SOURCE;
    private static final Scope DEFAULT = Scope.organization("default");
    private static final ResourceRef INTEGRATION = new ResourceRef(Kind.INTEGRATION, DEFAULT, "semaphore-integration");
    private static final ResourceRef SECRET = new ResourceRef(Kind.SECRET, DEFAULT, "semaphore");

    private final JdbcDataSource dataSource = h2();
    private final SecretKey masterKey = AesGcm.key(new byte[32]);
    private final TestProviders providers = TestProviders.githubAndSemaphore();
    private ResourceServiceImpl service = start(masterKey);

    @After
    public void stop() {
        service.deactivate();
    }

    @Test
    public void appliesTheExamplesThenFindsThemUnchanged() {
        List<AppliedResource> first = service.apply(ALL);
        assertEquals(List.of(ApplyAction.CREATED, ApplyAction.CREATED, ApplyAction.CREATED), actions(first));
        assertEquals(List.of(ApplyAction.UNCHANGED, ApplyAction.UNCHANGED, ApplyAction.UNCHANGED), actions(service.apply(ALL)));

        Resource integration = service.get(INTEGRATION).orElseThrow();
        assertEquals(1, integration.generation());
        assertEquals("https://semaphore.semaphoreci.com", integration.spec().get("url"));
        assertEquals("http://localhost:8181/webhooks/semaphore/" + integration.uid(), integration.status().get("webhookUrl"));
        Resource source = service.list(Kind.EVENT_SOURCE, "default", "a1787a2e-dba7-42d0-8431-31dbf0252b92").get(0);
        assertEquals("my-specific-project", source.name());
        assertEquals(List.of("token"), service.get(SECRET).orElseThrow().secretKeys());
        assertEquals(Optional.of("s3cr3t"), service.value(DEFAULT, "semaphore", "token"));
    }

    @Test
    public void anIntegrationWithoutWebhookSecretGetsOneShownOnce() {
        List<AppliedResource> first = service.apply(ALL);
        String secret = first.get(1).displayOnce().get("webhookSecret");
        assertTrue(secret, secret.startsWith("whsec_") && secret.length() > 40);
        assertEquals(Map.of(), first.get(0).displayOnce());
        assertEquals(Optional.of(secret), service.webhookSecret(first.get(1).uid()));
        assertEquals("not shown again", Map.of(), service.apply(ALL).get(1).displayOnce());
        assertEquals("kept on update", Map.of(), service.apply(Examples.INTEGRATION.replace("semaphoreci.com", "x.org")).get(0).displayOnce());
        assertEquals(Optional.of(secret), service.webhookSecret(first.get(1).uid()));

        // a named secret wins
        service.apply(Examples.INTEGRATION.replace("  oidc:\n", "  webhook:\n    secret:\n      valueFrom:\n        secret:\n"
                + "          name: semaphore\n          key: token\n  oidc:\n"));
        assertEquals(Optional.of("s3cr3t"), service.webhookSecret(first.get(1).uid()));
        assertEquals(Optional.empty(), service.webhookSecret("no-such-uid"));
    }

    @Test
    public void webhookLookupsComeFromMemoryUntilThisServerWritesOrTheirTimeIsUp() throws Exception {
        java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();
        service.deactivate();
        service = new ResourceServiceImpl(new Transactions(dataSource), providers, new KeyRing(masterKey, new SecureRandom()),
                "http://localhost:8181", new ReadCache(Duration.ofSeconds(2), nanos::get));
        String uid = service.apply(ALL).get(1).uid();
        ProvisioningComponent provisioning = new ProvisioningComponent(service, providers, access -> {
            throw new io.plugboard.api.outbound.ApiUnavailableException("no API in this test");
        });
        waitFor("provisioned", () -> "Ready".equals(phase()));
        service.provision(INTEGRATION);   // a run of its own, done when it returns: the status writes are over
        provisioning.deactivate();
        String generated = service.webhookSecret(uid).orElseThrow();
        assertEquals(1, service.list(Kind.EVENT_SOURCE, "default", null).size());
        assertEquals(1, service.getByUid(uid).orElseThrow().generation());

        // another server on the same database names a secret for the webhook and adds an event source
        ResourceServiceImpl other = start(masterKey);
        try {
            other.apply(Examples.INTEGRATION.replace("  oidc:\n", "  webhook:\n    secret:\n      valueFrom:\n        secret:\n"
                    + "          name: semaphore\n          key: token\n  oidc:\n"));
            other.apply("kind: EventSource\nmetadata: {name: second}\n"
                    + "spec: {integration: {domain: ORGANIZATION, name: semaphore-integration}}\n");
        } finally {
            other.deactivate();
        }
        assertEquals("read from memory", Optional.of(generated), service.webhookSecret(uid));
        assertEquals(1, service.list(Kind.EVENT_SOURCE, "default", null).size());
        assertEquals(1, service.getByUid(uid).orElseThrow().generation());

        nanos.addAndGet(Duration.ofMillis(2001).toNanos());
        assertEquals("seen once the entry is older than resourceCacheMillis", Optional.of("s3cr3t"), service.webhookSecret(uid));
        assertEquals(2, service.list(Kind.EVENT_SOURCE, "default", null).size());
        assertEquals(2, service.getByUid(uid).orElseThrow().generation());

        // this server's own writes are seen at once
        service.apply("kind: Secret\nmetadata: {name: semaphore}\nspec: {data: {token: changed}}\n");
        assertEquals(Optional.of("changed"), service.webhookSecret(uid));
        service.delete(new ResourceRef(Kind.EVENT_SOURCE, DEFAULT, "second"), false);
        assertEquals(1, service.list(Kind.EVENT_SOURCE, "default", null).size());
    }

    @Test
    public void aForwardingEventSourceGetsASigningSecret() {
        service.apply(ALL);
        String forwarding = Examples.EVENT_SOURCE.replace("  semaphore:\n", "  forward:\n    url: http://127.0.0.1:9/hook\n  semaphore:\n");
        AppliedResource r = service.apply(forwarding).get(0);
        String secret = r.displayOnce().get("forwardSecret");
        assertTrue(String.valueOf(secret), secret != null && secret.startsWith("whsec_"));
        assertEquals(Optional.of(secret), service.forwardSecret(r.ref()));
    }

    @Test
    public void aChangeIncrementsTheGenerationAndKeepsTheUid() {
        service.apply(ALL);
        Resource before = service.get(INTEGRATION).orElseThrow();
        List<AppliedResource> r = service.apply(Examples.INTEGRATION.replace("semaphoreci.com", "example.org"));
        assertEquals(ApplyAction.UPDATED, r.get(0).action());
        Resource after = service.get(INTEGRATION).orElseThrow();
        assertEquals(before.uid(), after.uid());
        assertEquals(2, after.generation());
        assertEquals(before.createdAt(), after.createdAt());
        assertTrue(after.updatedAt().compareTo(before.updatedAt()) >= 0);

        assertEquals(ApplyAction.UPDATED, service.apply(Examples.SECRET.replace("s3cr3t", "n3w")).get(0).action());
        assertEquals(Optional.of("n3w"), service.value(DEFAULT, "semaphore", "token"));
        assertEquals(2, service.get(SECRET).orElseThrow().generation());
    }

    @Test
    public void anInvalidDocumentStoresNothing() {
        String bad = Examples.SECRET + "---\n" + Examples.INTEGRATION.replace("key: token", "key: missing");
        InvalidResourceException e = assertThrows(InvalidResourceException.class, () -> service.apply(bad));
        assertEquals(1, e.errors().get(0).document());
        assertEquals("spec.auth.token.valueFrom.secret.key", e.errors().get(0).field());
        assertEquals(List.of(), service.list(Kind.SECRET, null, null));
    }

    @Test
    public void secretValuesAreStoredEncrypted() throws Exception {
        service.apply(ALL);
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT key_id, ciphertext FROM plugboard_secret_value")) {
            assertTrue(rs.next());
            assertEquals(service.keys().get(0).id(), rs.getString(1));
            assertFalse(rs.getString(2).contains("s3cr3t"));
        }
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT spec FROM plugboard_resource WHERE kind = 'SECRET'")) {
            assertTrue(rs.next());
            assertEquals("{\"keys\":[\"token\"]}", rs.getString(1));
        }
    }

    @Test
    public void aTamperedCiphertextIsAnErrorNotAValue() throws Exception {
        service.apply(ALL);
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE plugboard_secret_value SET ciphertext = CONCAT('AAAA', SUBSTRING(ciphertext, 5))");
        }
        assertThrows(AesGcm.TamperedException.class, () -> service.value(DEFAULT, "semaphore", "token"));
    }

    @Test
    public void rotationReencryptsEverythingAndRetiresTheOldKey() {
        service.apply(ALL);
        service.setSecretValue(DEFAULT, "semaphore", "second", "v2");
        String oldKey = service.keys().get(0).id();

        EncryptionKeys.RotationResult result = service.rotate();
        assertNotEquals(oldKey, result.newKeyId());
        assertEquals("two secret values and the integration's generated webhook secret", 3, result.reencrypted());
        assertEquals(List.of(oldKey), result.retiredKeyIds());
        List<EncryptionKeys.KeyInfo> keys = service.keys();
        assertEquals(1, keys.size());
        assertTrue(keys.get(0).active());
        assertEquals(3, keys.get(0).values());
        assertEquals(Optional.of("s3cr3t"), service.value(DEFAULT, "semaphore", "token"));
        assertEquals(Optional.of("v2"), service.value(DEFAULT, "semaphore", "second"));
    }

    @Test
    public void aRestartReadsEverythingBackAndAWrongMasterKeyIsRefused() {
        service.apply(ALL);
        service.deactivate();
        service = start(masterKey);
        assertEquals(Optional.of("s3cr3t"), service.value(DEFAULT, "semaphore", "token"));
        assertEquals(1, service.list(Kind.EVENT_SOURCE, null, null).size());

        byte[] other = new byte[32];
        other[0] = 1;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> start(AesGcm.key(other)));
        assertTrue(e.getMessage(), e.getMessage().contains("cannot be unwrapped with the configured master key"));
    }

    @Test
    public void deletingSomethingInUseIsRefusedWithTheReferrers() throws Exception {
        service.apply(ALL);
        ResourceInUseException secretInUse = assertThrows(ResourceInUseException.class, () -> service.delete(SECRET, false));
        assertEquals(List.of(INTEGRATION), secretInUse.referrers());
        ResourceInUseException inUse = assertThrows(ResourceInUseException.class, () -> service.delete(INTEGRATION, false));
        assertEquals("my-specific-project", inUse.referrers().get(0).name());

        List<ResourceRef> deleted = service.delete(INTEGRATION, true);
        assertEquals(2, deleted.size());
        assertEquals(List.of(), service.list(Kind.EVENT_SOURCE, null, null));
        assertEquals(List.of(SECRET), service.delete(SECRET, false));
        assertThrows(ResourceNotFoundException.class, () -> service.delete(SECRET, false));
        assertEquals("no values left behind", 0, count("plugboard_secret_value"));
    }

    @Test
    public void theSameNameMayLiveInTwoCanvases() {
        String a = Examples.SECRET.replace("  name: semaphore\n", "  name: semaphore\n  canvasId: canvas-a\n");
        String b = Examples.SECRET.replace("  name: semaphore\n", "  name: semaphore\n  canvasId: canvas-b\n").replace("s3cr3t", "other");
        service.apply(a + "---\n" + b);
        assertEquals(Optional.of("s3cr3t"), service.value(Scope.of("default", "canvas-a"), "semaphore", "token"));
        assertEquals(Optional.of("other"), service.value(Scope.of("default", "canvas-b"), "semaphore", "token"));
        assertEquals(2, service.list(Kind.SECRET, "default", null).size());
        assertEquals(1, service.list(Kind.SECRET, "default", "canvas-b").size());
    }

    @Test
    public void theProvisionerIsCalledRetriedAndFollowsTheProvider() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<String> tokens = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> deleted = new java.util.concurrent.CopyOnWriteArrayList<>();
        Provisioner flaky = new Provisioner() {
            public Optional<HookNeed> hookFor(IntegrationContext integration, Map<String, Object> filter) {
                return Optional.of(new HookNeed("projects/" + filter.get("project"), Set.of(HookNeed.ALL)));
            }

            public String ensure(ApiClient api, HookSpec hook) throws ActionException {
                assertEquals(java.net.URI.create("https://api.example"), api.baseUrl());
                assertTrue(hook.url().endsWith("/webhooks/semaphore/"
                        + service.get(new ResourceRef(Kind.INTEGRATION, DEFAULT, hook.integration().integrationName())).orElseThrow().uid()));
                assertTrue(hook.secret().startsWith("whsec_"));
                if (calls.incrementAndGet() == 1) {
                    throw ActionException.retryable("Semaphore said 502", null);
                }
                return "42";
            }

            public void delete(ApiClient api, String target, String hookId) {
                deleted.add(target + "#" + hookId);
            }
        };
        providers.add("semaphore", List.of("project"), flaky);
        ProvisioningComponent provisioning = new ProvisioningComponent(service, providers, access -> {
            tokens.add(access.token());
            return new ApiClient() {
                public java.net.URI baseUrl() { return java.net.URI.create("https://api.example"); }
                public io.plugboard.api.outbound.ApiResponse send(io.plugboard.api.outbound.ApiRequest r) {
                    throw new UnsupportedOperationException();
                }
            };
        });
        try {
            service.apply(ALL);
            waitFor("Pending after the first failure", () -> calls.get() >= 1);
            waitFor("Ready after the retry", () -> "Ready".equals(phase()));
            Map<String, Object> status = provisioningOf(service.get(INTEGRATION).orElseThrow());
            assertEquals(List.of(Map.of("target", "projects/semaphore-demo-go", "id", "42")), status.get("hooks"));
            assertEquals(2, calls.get());
            assertEquals("the client was made with the integration's token", "s3cr3t", tokens.get(0));
            waitFor("the event source's status written after the integration's", () -> "Ready".equals(
                    provisioningOf(service.list(Kind.EVENT_SOURCE, "default", null).get(0)).get("state")));
            Resource source = service.list(Kind.EVENT_SOURCE, "default", null).get(0);
            assertEquals(List.of(Map.of("target", "projects/semaphore-demo-go", "id", "42")), provisioningOf(source).get("hooks"));

            // the event source moves to another integration: the one it left deletes its hook, the other makes one
            ResourceRef other = new ResourceRef(Kind.INTEGRATION, DEFAULT, "other");
            service.apply(Examples.INTEGRATION.replace("name: semaphore-integration", "name: other"));
            service.apply(Examples.EVENT_SOURCE.replace("    name: semaphore-integration\n", "    name: other\n"));
            waitFor("the old hook deleted", () -> deleted.equals(List.of("projects/semaphore-demo-go#42")));
            waitFor("no hooks left on the old one", () -> List.of().equals(provisioningOf(service.get(INTEGRATION).orElseThrow()).get("hooks")));
            waitFor("a hook on the new one", () -> !List.of().equals(provisioningOf(service.get(other).orElseThrow())
                    .getOrDefault("hooks", List.of())));

            // the last event source goes: its hook goes
            service.delete(service.list(Kind.EVENT_SOURCE, "default", null).get(0).ref(), false);
            waitFor("the hook deleted", () -> deleted.size() == 2);
            waitFor("no hooks left", () -> List.of().equals(provisioningOf(service.get(other).orElseThrow()).get("hooks")));

            provisioning.providerRemoved(providers.remove("semaphore"));
            waitFor("ProviderMissing", () -> "ProviderMissing".equals(phase()));
            assertTrue(service.get(INTEGRATION).isPresent());
            providers.add("semaphore", List.of("project"), null);
            provisioning.providerAdded(providers.provider("semaphore").orElseThrow());
            waitFor("Ready again", () -> "Ready".equals(phase()));
        } finally {
            provisioning.deactivate();
        }
    }

    @Test
    public void aFilterTheProvisionerCannotServeIsRefusedAtApplyAndNothingIsStored() {
        providers.add("semaphore", List.of("project"), new Provisioner() {
            public Optional<HookNeed> hookFor(IntegrationContext integration, Map<String, Object> filter) throws ActionException {
                if ("no such/project".equals(filter.get("project"))) {
                    throw new ActionException("semaphore.project 'no such/project' is not a project name");
                }
                return Optional.empty();
            }

            public String ensure(ApiClient api, HookSpec hook) {
                throw new UnsupportedOperationException();
            }

            public void delete(ApiClient api, String target, String hookId) {
                throw new UnsupportedOperationException();
            }
        });
        service.apply(Examples.SECRET + "---\n" + Examples.INTEGRATION);
        InvalidResourceException e = assertThrows(InvalidResourceException.class,
                () -> service.apply(Examples.EVENT_SOURCE.replace("semaphore-demo-go", "'no such/project'")));
        assertEquals(1, e.errors().size());
        assertEquals("spec.semaphore", e.errors().get(0).field());
        assertEquals("semaphore.project 'no such/project' is not a project name", e.errors().get(0).message());
        assertEquals(List.of(), service.list(Kind.EVENT_SOURCE, null, null));
        service.apply(Examples.EVENT_SOURCE);   // a servable one is taken
        assertEquals(1, service.list(Kind.EVENT_SOURCE, null, null).size());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> provisioningOf(Resource r) {
        Object p = r.status().get("provisioning");
        return p instanceof Map ? (Map<String, Object>) p : Map.of();
    }

    private String phase() {
        return (String) service.get(INTEGRATION).orElseThrow().status().get("phase");
    }

    private ResourceServiceImpl start(SecretKey master) {
        SchemaMigrator.migrate(dataSource);
        return new ResourceServiceImpl(new Transactions(dataSource), providers, new KeyRing(master, new SecureRandom()),
                "http://localhost:8181");
    }

    private int count(String table) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static List<ApplyAction> actions(List<AppliedResource> results) {
        return results.stream().map(AppliedResource::action).toList();
    }

    private static void waitFor(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private static JdbcDataSource h2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:resources-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        return ds;
    }
}
