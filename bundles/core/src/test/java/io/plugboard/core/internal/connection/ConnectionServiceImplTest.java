package io.plugboard.core.internal.connection;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.sun.net.httpserver.HttpServer;
import io.plugboard.api.connection.ConnectionExistsException;
import io.plugboard.api.connection.ConnectionInUseException;
import io.plugboard.api.connection.ConnectionNotFoundException;
import io.plugboard.api.connection.ConnectionSource;
import io.plugboard.api.connection.ConnectionState;
import io.plugboard.api.connection.ConnectionType;
import io.plugboard.api.connection.ConnectionTypeRef;
import io.plugboard.api.connection.ConnectionTypeRegistry;
import io.plugboard.api.connection.CreatedConnection;
import io.plugboard.api.connection.FormField;
import io.plugboard.api.connection.InvalidConnectionType;
import io.plugboard.api.connection.NewConnection;
import io.plugboard.api.connection.Probe;
import io.plugboard.api.connection.SourceKind;
import io.plugboard.api.resource.FieldError;
import io.plugboard.api.resource.InvalidResourceException;
import io.plugboard.api.resource.Scope;
import io.plugboard.core.internal.crypto.AesGcm;
import io.plugboard.core.internal.crypto.KeyRing;
import io.plugboard.core.internal.resource.ResourceServiceImpl;
import io.plugboard.core.internal.resource.ResourceServiceImplTestAccess;
import io.plugboard.core.internal.storage.Transactions;
import io.plugboard.core.internal.storage.SchemaMigrator;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.After;
import org.junit.Test;

public class ConnectionServiceImplTest {

    private static final Scope DEFAULT = Scope.organization("default");
    private static final ConnectionTypeRef TOKEN_1 = ConnectionTypeRef.parse("github/token@1");
    private static final ConnectionTypeRef TOKEN_2 = ConnectionTypeRef.parse("github/token@2");
    private static final ConnectionTypeRef HOOK = ConnectionTypeRef.parse("github/hook@1");

    private final JdbcDataSource dataSource = h2();
    private final Transactions jdbc = new Transactions(dataSource);
    private final KeyRing keys = new KeyRing(AesGcm.key(new byte[32]), new SecureRandom());
    private final List<ConnectionType> types = new ArrayList<>();
    private final ConnectionServiceImpl service = start();
    private HttpServer api;
    private final List<String> received = new ArrayList<>();

    private ConnectionServiceImpl start() {
        SchemaMigrator.migrate(dataSource);
        keys.load(jdbc);
        ConnectionServiceImpl s = new ConnectionServiceImpl(jdbc, keys, new ProbeClient(),
                io.plugboard.core.internal.resource.ConnectionReferences::integrationsUsing);
        s.registry(registry());
        types.add(tokenType(TOKEN_1, null));
        types.add(tokenType(TOKEN_2, null));
        types.add(hookType());
        return s;
    }

    @After
    public void stop() {
        service.deactivate();
        if (api != null) {
            api.stop(0);
        }
    }

    @Test
    public void theFormHasOneFieldPerStoragePropertySecretOnesWriteOnly() {
        List<FormField> form = service.form(TOKEN_1, null);
        assertEquals(List.of("token", "login"), form.stream().map(FormField::name).toList());
        assertTrue(form.get(0).secret());
        assertTrue(form.get(0).required());
        assertFalse(form.get(1).secret());
        assertFalse(form.get(1).required());
        assertEquals("Personal access token", form.get(0).title());
    }

    @Test
    public void createdConnectionIsSealedAndShowsItsGeneratedValueOnce() throws Exception {
        CreatedConnection created = service.create(new NewConnection(HOOK, "mine", null, DEFAULT, Map.of("url", "https://x.test")));
        Object secret = created.displayOnce().get("signingSecret");
        assertTrue(String.valueOf(secret), secret instanceof String s && s.length() >= 43);
        assertEquals(Map.of("signingSecret", secret), created.displayOnce());
        assertEquals(ConnectionState.Unknown, created.connection().status().state());
        // stored with the generated value, sealed: neither the input nor the generated value is in the table
        assertEquals(Map.of("url", "https://x.test", "signingSecret", secret), service.storage(created.connection().uid()));
        String row = rowText(created.connection().uid());
        assertFalse(row, row.contains("x.test"));
        assertFalse(row, row.contains((String) secret));
        assertEquals("mine", service.find(DEFAULT, HOOK, "mine").orElseThrow().name());
    }

    @Test
    public void invalidInputNamesTheFieldAndStoresNothing() throws Exception {
        InvalidResourceException e = assertThrows(InvalidResourceException.class,
                () -> service.create(new NewConnection(TOKEN_1, "mine", null, DEFAULT, Map.of("login", 7))));
        assertEquals(List.of("input.login", "input.token"), e.errors().stream().map(FieldError::field).sorted().toList());
        assertEquals("required", e.errors().stream().filter(f -> f.field().equals("input.token")).findFirst().orElseThrow().message());
        InvalidResourceException badName = assertThrows(InvalidResourceException.class,
                () -> service.create(new NewConnection(TOKEN_1, "Mine!", null, DEFAULT, Map.of("token", "t"))));
        assertEquals("name", badName.errors().get(0).field());
        assertEquals(0, count());
    }

    @Test
    public void namesAreUniquePerTypeAndScopeAndVersionsCoexist() {
        service.create(new NewConnection(TOKEN_1, "mine", null, DEFAULT, Map.of("token", "one")));
        ConnectionExistsException e = assertThrows(ConnectionExistsException.class,
                () -> service.create(new NewConnection(TOKEN_1, "mine", null, DEFAULT, Map.of("token", "again"))));
        assertEquals("A connection github/token@1 'mine' already exists in organization 'default'.", e.getMessage());
        service.create(new NewConnection(TOKEN_2, "mine", null, DEFAULT, Map.of("token", "two")));
        service.create(new NewConnection(TOKEN_1, "mine", null, Scope.organization("other"), Map.of("token", "three")));
        assertEquals(3, service.list(null, null).size());
        assertEquals(List.of(TOKEN_1, TOKEN_2), service.list(DEFAULT, null).stream().map(c -> c.type()).toList());
        assertEquals("two", service.storage(service.find(DEFAULT, TOKEN_2, "mine").orElseThrow().uid()).get("token"));
    }

    @Test
    public void anUnknownTypeIsNotFound() {
        ConnectionNotFoundException e = assertThrows(ConnectionNotFoundException.class,
                () -> service.create(new NewConnection(ConnectionTypeRef.parse("gitlab/token@1"), "x", null, DEFAULT, Map.of())));
        assertTrue(e.getMessage(), e.getMessage().startsWith("No connection type gitlab/token@1: its provider 'gitlab'"));
    }

    @Test
    public void theProbeMakesItHealthyWithItsSubjectOrUnhealthy() throws Exception {
        startApi();
        String uid = service.create(new NewConnection(TOKEN_1, "mine", null, DEFAULT, Map.of("token", "good"))).connection().uid();
        var healthy = service.test(uid);
        assertEquals(ConnectionState.Healthy, healthy.status().state());
        assertEquals(Map.of("sub", "octocat", "name", "The Octocat"), healthy.subject());
        assertEquals(List.of("token good"), received);
        String bad = service.create(new NewConnection(TOKEN_1, "revoked", null, DEFAULT, Map.of("token", "bad"))).connection().uid();
        var unhealthy = service.test(bad);
        assertEquals(ConnectionState.Unhealthy, unhealthy.status().state());
        assertTrue(unhealthy.status().reason(), unhealthy.status().reason().contains("401"));
        assertFalse(unhealthy.status().reason(), unhealthy.status().reason().contains("bad"));
        assertEquals(Map.of(), unhealthy.subject());
        // the verdict is stored
        assertEquals(ConnectionState.Healthy, service.get(uid).orElseThrow().status().state());
        // its type is gone: unhealthy, the subject found earlier is kept
        types.removeIf(t -> t.ref().equals(TOKEN_1));
        var gone = service.test(uid);
        assertEquals(ConnectionState.Unhealthy, gone.status().state());
        assertEquals("connection type github/token@1 is not available: provider 'github' is not active", gone.status().reason());
        assertEquals("octocat", gone.subject().get("sub"));
    }

    @Test
    public void expressionsResolveByProviderOrExactType() {
        service.create(new NewConnection(TOKEN_1, "mine", null, DEFAULT, Map.of("token", "one")));
        assertEquals(Map.of("token", "one"), service.resolve("${connections.github.mine}", DEFAULT));
        assertEquals("Bearer one", service.resolve("Bearer ${connections.github.mine.token}", DEFAULT));
        Scope canvas = Scope.of("default", "c1");
        assertEquals("one", service.resolve("${connections.github.mine.token}", canvas));
        service.create(new NewConnection(TOKEN_2, "mine", null, DEFAULT, Map.of("token", "two")));
        IllegalArgumentException ambiguous = assertThrows(IllegalArgumentException.class,
                () -> service.resolve("${connections.github.mine}", DEFAULT));
        assertTrue(ambiguous.getMessage(), ambiguous.getMessage().contains("github/token@1, github/token@2"));
        assertEquals("two", service.resolve("${connections.'github/token@2'.mine.token}", DEFAULT));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> service.resolve("${connections.github.nobody}", DEFAULT));
        assertTrue(missing.getMessage(), missing.getMessage().contains("no connection 'nobody' of provider 'github'"));
        Map<String, Object> schema = Map.of("properties", Map.of("auth", Map.of("x-relay-connectionType", "github/token@2")));
        assertEquals(Map.of("auth", Map.of("token", "two")), service.resolveInput(schema, Map.of("auth", "mine"), DEFAULT));
    }

    @Test
    public void keyRotationReencryptsConnections() throws Exception {
        ResourceServiceImpl resources = ResourceServiceImplTestAccess.startWithGithub(jdbc, keys);
        try {
            String uid = service.create(new NewConnection(TOKEN_1, "mine", null, DEFAULT, Map.of("token", "one"))).connection().uid();
            String before = keyIdOf(uid);
            var result = resources.rotate();
            assertEquals(1, result.reencrypted());
            assertNotEquals(before, keyIdOf(uid));
            assertEquals(List.of(before), result.retiredKeyIds());
            assertEquals(Map.of("token", "one"), service.storage(uid));
        } finally {
            ResourceServiceImplTestAccess.stop(resources);
        }
    }

    @Test
    public void anIntegrationMayAuthenticateWithAConnectionWhichThenCannotBeDeleted() {
        ResourceServiceImpl resources = ResourceServiceImplTestAccess.startWithGithub(jdbc, keys);
        try {
            String integration = "kind: Integration\nmetadata:\n  name: gh\nspec:\n  type: TYPE_GITHUB\n  auth:\n"
                    + "    use: AUTH_TYPE_CONNECTION\n    connection:\n      type: github/token@1\n      name: mine\n";
            InvalidResourceException e = assertThrows(InvalidResourceException.class, () -> resources.apply(integration));
            assertEquals("spec.auth.connection.name", e.errors().get(0).field());
            assertEquals("no connection github/token@1 'mine' in organization 'default'", e.errors().get(0).message());
            String uid = service.create(new NewConnection(TOKEN_1, "mine", null, DEFAULT, Map.of("token", "one"))).connection().uid();
            resources.apply(integration);
            ConnectionInUseException inUse = assertThrows(ConnectionInUseException.class, () -> service.delete(uid));
            assertEquals(List.of("Integration default/gh"), inUse.referrers());
            resources.delete(new io.plugboard.api.resource.ResourceRef(io.plugboard.api.resource.Kind.INTEGRATION, DEFAULT, "gh"), false);
            service.delete(uid);
            assertTrue(service.get(uid).isEmpty());
            assertThrows(ConnectionNotFoundException.class, () -> service.delete(uid));
        } finally {
            ResourceServiceImplTestAccess.stop(resources);
        }
    }

    @Test
    public void aFailedRevocationStopsTheDeleteUnlessForced() {
        String uid = service.create(new NewConnection(TOKEN_1, "mine", null, DEFAULT, Map.of("token", "one"))).connection().uid();
        List<String> revoked = new ArrayList<>();
        boolean[] fail = {true};
        service.addRevoker(new io.plugboard.api.connection.ConnectionRevoker() {
            public boolean revokes(ConnectionType type, ConnectionSource source) { return type.ref().equals(TOKEN_1); }
            public void revoke(io.plugboard.api.connection.Connection c, ConnectionType type, Map<String, Object> storage)
                    throws Exception {
                if (fail[0]) {
                    throw new IOException("revocation endpoint answered 503");
                }
                revoked.add((String) storage.get("token"));
            }
        });
        var e = assertThrows(io.plugboard.api.connection.RevocationFailedException.class, () -> service.delete(uid));
        assertTrue(e.getMessage(), e.getMessage().contains("503") && e.getMessage().contains("Nothing was deleted"));
        assertTrue(service.get(uid).isPresent());
        service.delete(uid, true);
        assertTrue(service.get(uid).isEmpty());
        fail[0] = false;
        String other = service.create(new NewConnection(TOKEN_1, "other", null, DEFAULT, Map.of("token", "two"))).connection().uid();
        service.delete(other);
        assertEquals(List.of("two"), revoked);
    }

    @Test
    public void anObtainedConnectionIsStoredAndReplacedOnReconnect() {
        var first = service.store(new io.plugboard.api.connection.ObtainedConnection(TOKEN_1, "oauth", "default", DEFAULT,
                Map.of("token", "a1"), Map.of("sub", "octocat")));
        assertEquals(ConnectionState.Healthy, first.connection().status().state());
        assertEquals(Map.of("sub", "octocat"), first.connection().subject());
        service.setStatus(first.connection().uid(), new io.plugboard.api.connection.ConnectionStatus(ConnectionState.NeedsReauth,
                "refresh refused", java.time.Instant.now()));
        var again = service.store(new io.plugboard.api.connection.ObtainedConnection(TOKEN_1, "oauth", "default", DEFAULT,
                Map.of("token", "a2"), Map.of("sub", "octocat")));
        assertEquals(first.connection().uid(), again.connection().uid());
        assertEquals(ConnectionState.Healthy, again.connection().status().state());
        assertEquals(Map.of("token", "a2"), service.storage(first.connection().uid()));
        InvalidResourceException e = assertThrows(InvalidResourceException.class, () -> service.store(
                new io.plugboard.api.connection.ObtainedConnection(TOKEN_1, "bad", "default", DEFAULT, Map.of(), Map.of())));
        assertEquals("storage.token", e.errors().get(0).field());
    }

    @Test
    public void lockedUpdatesRunOneAfterTheOther() throws Exception {
        String uid = service.create(new NewConnection(TOKEN_1, "mine", null, DEFAULT, Map.of("token", "0"))).connection().uid();
        int threads = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        java.util.concurrent.atomic.AtomicInteger inside = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger overlaps = new java.util.concurrent.atomic.AtomicInteger();
        List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            futures.add(pool.submit(() -> service.updateStorage(uid, current -> {
                if (inside.incrementAndGet() > 1) {
                    overlaps.incrementAndGet();
                }
                try {
                    Thread.sleep(20);   // a slow token endpoint: others must wait on the row lock, not overlap
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                inside.decrementAndGet();
                Map<String, Object> next = new LinkedHashMap<>(current);
                next.put("token", String.valueOf(Integer.parseInt((String) current.get("token")) + 1));
                return next;
            })));
        }
        for (var f : futures) {
            f.get();
        }
        pool.shutdown();
        assertEquals(0, overlaps.get());
        assertEquals(String.valueOf(threads), service.storage(uid).get("token"));
    }

    // ---- kind: Connection in apply -------------------------------------------------------------------

    private static String connectionDoc(String name, String type, String input) {
        return "kind: Connection\nmetadata: {name: " + name + "}\nspec:\n  type: " + type + "\n  input: " + input + "\n";
    }

    private static String secretDoc(String name, String value) {
        return "kind: Secret\nmetadata: {name: " + name + "}\nspec: {data: {token: " + value + "}}\n";
    }

    @Test
    public void aConnectionDocumentTakesItsSecretFromASecretAndFollowsItsGeneration() {
        ResourceServiceImpl resources = ResourceServiceImplTestAccess.startWithGithub(jdbc, keys);
        ConnectionServiceImpl applying = new ConnectionServiceImpl(jdbc, keys, new ProbeClient(), resources);
        applying.registry(registry());
        try {
            String doc = connectionDoc("ci", "github/token@1", "{token: {valueFrom: {secret: {name: gh, key: token}}}, login: octo}");
            var first = resources.apply(secretDoc("gh", "t1") + "---\n" + doc);
            assertEquals(List.of("created", "created"), first.stream().map(r -> r.action().label()).toList());
            assertEquals(io.plugboard.api.resource.Kind.CONNECTION, first.get(1).ref().kind());
            String uid = first.get(1).uid();
            assertEquals(1, first.get(1).generation());
            assertEquals(Map.of("token", "t1", "login", "octo"), applying.storage(uid));
            assertEquals("ci", applying.get(uid).orElseThrow().name());

            var again = resources.apply(secretDoc("gh", "t1") + "---\n" + doc);
            assertEquals(List.of("unchanged", "unchanged"), again.stream().map(r -> r.action().label()).toList());
            assertEquals(1, again.get(1).generation());

            var rotated = resources.apply(secretDoc("gh", "t2") + "---\n" + doc);
            assertEquals(List.of("updated", "updated"), rotated.stream().map(r -> r.action().label()).toList());
            assertEquals(2, rotated.get(1).generation());
            assertEquals(uid, rotated.get(1).uid());
            assertEquals("t2", applying.storage(uid).get("token"));
        } finally {
            applying.deactivate();
            ResourceServiceImplTestAccess.stop(resources);
        }
    }

    @Test
    public void aBadConnectionDocumentStoresNothingOfItsInput() throws Exception {
        ResourceServiceImpl resources = ResourceServiceImplTestAccess.startWithGithub(jdbc, keys);
        ConnectionServiceImpl applying = new ConnectionServiceImpl(jdbc, keys, new ProbeClient(), resources);
        applying.registry(registry());
        try {
            InvalidResourceException wrongKey = assertThrows(InvalidResourceException.class, () -> resources.apply(
                    secretDoc("fresh", "t") + "---\n" + connectionDoc("ci", "github/token@1",
                            "{token: {valueFrom: {secret: {name: fresh, key: password}}}}")));
            assertEquals(List.of("spec.input.token.valueFrom.secret.key: Secret 'fresh' has no key 'password' (keys: token)"),
                    wrongKey.errors().stream().map(FieldError::toString).toList());
            assertTrue("the secret of the same input was rolled back",
                    resources.get(new io.plugboard.api.resource.ResourceRef(io.plugboard.api.resource.Kind.SECRET, DEFAULT, "fresh")).isEmpty());

            InvalidResourceException invalid = assertThrows(InvalidResourceException.class, () -> resources.apply(
                    connectionDoc("ci", "github/token@1", "{login: octo}") + "---\n"
                            + connectionDoc("other", "github/nothing@1", "{token: x}")));
            assertEquals(List.of("spec.input.token", "spec.type"), invalid.errors().stream().map(FieldError::field).sorted().toList());

            InvalidResourceException plain = assertThrows(InvalidResourceException.class, () -> resources.apply(
                    "kind: Connection\nmetadata: {name: ci}\nspec: {type: github/token@1, token: x}\n"));
            assertTrue(plain.errors().toString(), plain.errors().get(0).field().startsWith("spec"));
            assertEquals(0, count());
        } finally {
            applying.deactivate();
            ResourceServiceImplTestAccess.stop(resources);
        }
    }

    @Test
    public void aGeneratedValueIsShownOnceAtCreationAndKeptByLaterApplies() {
        ResourceServiceImpl resources = ResourceServiceImplTestAccess.startWithGithub(jdbc, keys);
        ConnectionServiceImpl applying = new ConnectionServiceImpl(jdbc, keys, new ProbeClient(), resources);
        applying.registry(registry());
        try {
            var created = resources.apply(connectionDoc("hook", "github/hook@1", "{url: 'https://x.test'}")).get(0);
            String secret = created.displayOnce().get("signingSecret");
            assertTrue(String.valueOf(secret), secret != null && secret.length() >= 43);
            var same = resources.apply(connectionDoc("hook", "github/hook@1", "{url: 'https://x.test'}")).get(0);
            assertEquals("unchanged", same.action().label());
            assertEquals(Map.of(), same.displayOnce());
            var moved = resources.apply(connectionDoc("hook", "github/hook@1", "{url: 'https://y.test'}")).get(0);
            assertEquals("updated", moved.action().label());
            assertEquals(Map.of("url", "https://y.test", "signingSecret", secret), applying.storage(created.uid()));
        } finally {
            applying.deactivate();
            ResourceServiceImplTestAccess.stop(resources);
        }
    }

    // ---- fixtures -----------------------------------------------------------------------------------

    private ConnectionTypeRegistry registry() {
        return new ConnectionTypeRegistry() {
            public List<ConnectionType> types() { return List.copyOf(types); }
            public Optional<ConnectionType> find(ConnectionTypeRef ref) {
                return types.stream().filter(t -> t.ref().equals(ref)).findFirst();
            }
            public List<InvalidConnectionType> invalid() { return List.of(); }
        };
    }

    private ConnectionType tokenType(ConnectionTypeRef ref, String unused) {
        Map<String, Object> token = new LinkedHashMap<>();
        token.put("type", "string");
        token.put("title", "Personal access token");
        token.put("writeOnly", true);
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("token", token);
        properties.put("login", Map.of("type", "string"));
        Map<String, Object> storage = Map.of("type", "object", "required", List.of("token"), "properties", properties);
        Probe probe = new Probe("http://127.0.0.1:" + port() + "/user", Map.of("Authorization", "token ${input.token}"),
                Map.of("sub", "/login", "name", "/name"));
        return new ConnectionType(ref, "A token", "", storage, null,
                List.of(new ConnectionSource("default", "", "", SourceKind.FORM, Map.of())), probe, "test");
    }

    private ConnectionType hookType() {
        Map<String, Object> storage = Map.of("type", "object", "required", List.of("url", "signingSecret"),
                "properties", Map.of("url", Map.of("type", "string"), "signingSecret", Map.of("type", "string")),
                "additionalProperties", false);
        Map<String, Object> displayOnce = Map.of("type", "object",
                "properties", Map.of("signingSecret", Map.of("type", "string", "x-plugboard-generate", "secret")));
        return new ConnectionType(HOOK, "A hook", "", storage, displayOnce,
                List.of(new ConnectionSource("default", "", "", SourceKind.FORM, Map.of())), null, "test");
    }

    private int apiPort;

    private int port() {
        if (apiPort == 0) {
            try {
                api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            apiPort = api.getAddress().getPort();
        }
        return apiPort;
    }

    private void startApi() {
        api.createContext("/user", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            received.add(auth);
            byte[] body = "{\"login\":\"octocat\",\"name\":\"The Octocat\",\"email\":null}".getBytes(StandardCharsets.UTF_8);
            if (!"token good".equals(auth)) {
                body = "{\"message\":\"Bad credentials\"}".getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders("token good".equals(auth) ? 200 : 401, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        api.start();
    }

    private String rowText(String uid) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM plugboard_connection WHERE uid = '" + uid + "'")) {
            rs.next();
            StringBuilder all = new StringBuilder();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                all.append(rs.getString(i)).append('|');
            }
            return all.toString();
        }
    }

    private String keyIdOf(String uid) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT key_id FROM plugboard_connection WHERE uid = '" + uid + "'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private int count() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM plugboard_connection")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static JdbcDataSource h2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:connections-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        return ds;
    }
}
