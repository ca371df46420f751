package io.plugboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.replaceConfigurationFile;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import javax.inject.Inject;
import javax.sql.DataSource;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.framework.Bundle;

/**
 * The server on PostgreSQL, switched by editing the one shipped file etc/org.ops4j.datasource-plugboard.cfg the way
 * the README says: the schema is migrated there, health reports it, and a restart of core migrates nothing twice.
 * The build starts the PostgreSQL server (itests/postgres.sh).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PostgresIT extends PlugboardTestSupport {

    @Inject
    @Filter(value = "(dataSourceName=plugboard)", timeout = 120_000)
    private DataSource dataSource;

    @Override
    protected Option[] extraOptions() {
        return new Option[] {replaceConfigurationFile("etc/org.ops4j.datasource-plugboard.cfg", postgresDatasourceCfg())};
    }

    /** The shipped cfg, edited as the README tells a user to: H2 lines out, the PostgreSQL lines in. */
    private static File postgresDatasourceCfg() {
        try {
            Path shipped = Paths.get(System.getProperty("plugboard.featuresCfg")).resolveSibling("org.ops4j.datasource-plugboard.cfg");
            StringBuilder out = new StringBuilder();
            for (String line : Files.readAllLines(shipped)) {
                if (line.matches("(osgi\\.jdbc\\.driver\\.class|url|user|password)=.*")) {
                    out.append('#').append(line);
                } else if (line.matches("#(osgi\\.jdbc\\.driver\\.class|url|user|password)=.*")) {
                    String key = line.substring(1, line.indexOf('='));
                    String value = line.substring(line.indexOf('=') + 1);
                    switch (key) {
                        case "url": value = System.getProperty("plugboard.it.postgres.url"); break;
                        case "user": value = System.getProperty("plugboard.it.postgres.user"); break;
                        case "password": value = System.getProperty("plugboard.it.postgres.password"); break;
                        default: break;
                    }
                    out.append(key).append('=').append(value);
                } else {
                    out.append(line);
                }
                out.append('\n');
            }
            Path target = Paths.get("target", "org.ops4j.datasource-plugboard.postgres.cfg");
            Files.writeString(target, out.toString());
            return target.toFile();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    public void theSchemaLivesInPostgresqlAndMigrationIsIdempotent() throws Exception {
        assertFalse("no H2 file", Files.exists(dataDirectory().resolve("db.mv.db")));
        try (Connection c = dataSource.getConnection()) {
            assertEquals("PostgreSQL", c.getMetaData().getDatabaseProductName());
        }
        assertEquals(1, appliedMigrations());
        assertEquals("plugboard", metaSchema());
        assertEquals("UP", json(get("/api/v1/health", null)).path("database").asText());

        // a restart of core runs Flyway again: nothing to apply, no failure, health UP again
        Bundle core = bundle("io.plugboard.core");
        core.stop();
        waitFor("health not UP while core is stopped", Duration.ofSeconds(30),
                () -> get("/api/v1/health", null).statusCode() != 200);
        core.start();
        waitFor("health UP after the restart", Duration.ofSeconds(60), () -> {
            var r = get("/api/v1/health", null);
            return r.statusCode() == 200 && "UP".equals(json(r).path("database").asText());
        });
        assertEquals(1, appliedMigrations());
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM flyway_schema_history WHERE NOT success")) {
            rs.next();
            assertEquals(0, rs.getInt(1));
        }
    }

    /** A large delivery is stored in pieces on PostgreSQL too (BYTEA rows), and read back whole. */
    /**
     * Stored in pieces, then dispatched on PostgreSQL: to an event source without a forward (delivered at once) and to
     * one forwarding to a closed port (the failed attempt recorded, the delivery pending its retry) - the dispatcher's
     * claim and its batched attempt, delivery and event-status statements all run here.
     */
    @Test
    public void aLargeDeliveryIsStoredInPiecesAndDispatchedOnPostgresql() throws Exception {
        String token = adminToken();
        String secret = "pg-webhook-secret";
        int closedPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        var applied = send("POST", "/api/v1/apply", token, "application/yaml",
                "kind: Secret\nmetadata: {name: pg-hooks}\nspec: {data: {github: " + secret + "}}\n---\n"
                + "kind: Integration\nmetadata: {name: pg-gh}\nspec: {type: TYPE_GITHUB, webhook: {secret: {valueFrom: "
                + "{secret: {name: pg-hooks, key: github}}}}}\n---\n"
                + "kind: EventSource\nmetadata: {name: pg-local}\nspec: {integration: {domain: ORGANIZATION, name: pg-gh}}\n---\n"
                + "kind: EventSource\nmetadata: {name: pg-forward}\nspec: {integration: {domain: ORGANIZATION, name: pg-gh}, "
                + "forward: {url: 'http://127.0.0.1:" + closedPort + "/hook'}}\n");
        assertTrue(applied.body(), applied.statusCode() / 100 == 2);
        String uid = json(get("/api/v1/integrations/pg-gh", token)).path("metadata").path("uid").asText();
        String body = "{\"ref\":\"refs/heads/main\",\"head_commit\":{\"message\":\"" + "y".repeat(700_000) + "\"}}";
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(BASE + "/webhooks/github/" + uid))
                .header("Content-Type", "application/json").header("X-GitHub-Event", "push")
                .header("X-GitHub-Delivery", "pg-large-1").header("X-Hub-Signature-256", signature)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
        var answer = java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(answer.body(), 202, answer.statusCode());
        String id = json(answer).path("id").asText();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*), SUM(OCTET_LENGTH(piece)) FROM plugboard_event_body "
                     + "WHERE event_id = '" + id + "'")) {
            rs.next();
            assertEquals("700 kB in 256 KiB pieces", 3, rs.getInt(1));
            assertEquals(body.length(), rs.getLong(2));
        }
        assertEquals("y".repeat(700_000), json(get("/api/v1/events/" + id, token)).path("body").path("head_commit")
                .path("message").asText());
        waitFor("both deliveries attempted", Duration.ofSeconds(30), () -> {
            var detail = json(get("/api/v1/events/" + id, token)).path("deliveries");
            return detail.size() == 2 && detail.get(0).path("attempts").asInt() == 1 && detail.get(1).path("attempts").asInt() == 1;
        });
        var detail = json(get("/api/v1/events/" + id, token));
        assertEquals("one delivery is waiting for its retry", "PENDING", detail.path("status").asText().toUpperCase());
        for (var delivery : detail.path("deliveries")) {
            var attempt = delivery.path("attemptLog").get(0);
            if ("pg-local".equals(delivery.path("eventSource").path("name").asText())) {
                assertEquals(delivery.toString(), "DELIVERED", delivery.path("status").asText().toUpperCase());
                assertFalse(delivery.toString(), delivery.hasNonNull("nextAttemptAt"));
            } else {
                assertEquals(delivery.toString(), "PENDING", delivery.path("status").asText().toUpperCase());
                assertTrue(delivery.toString(), delivery.hasNonNull("nextAttemptAt"));
                assertFalse(attempt.toString(), attempt.hasNonNull("statusCode"));
                assertTrue(attempt.toString(), attempt.path("error").asText().contains("Connect"));
            }
        }
    }

    /**
     * A connection's stored object changes under a row lock (SELECT ... FOR UPDATE) held while the change is made: on
     * PostgreSQL, concurrent writers - here threads with their own database connections, as two servers sharing the
     * database would have - run one after the other and none overwrites another (what keeps token refreshes single).
     */
    @Test
    public void lockedConnectionUpdatesRunOneAfterTheOtherOnPostgresql() throws Exception {
        String token = adminToken();
        waitFor("the connection API", Duration.ofSeconds(60), () -> get("/api/v1/connection-types/github/token@1", token)
                .statusCode() == 200);
        var created = send("POST", "/api/v1/connections", token, "application/json",
                "{\"type\":\"github/token@1\",\"name\":\"pg-lock\",\"input\":{\"token\":\"0\"}}");
        assertEquals(created.body(), 201, created.statusCode());
        String id = json(created).path("id").asText();
        var ref = bundleContext.getServiceReference(io.plugboard.api.connection.ConnectionService.class);
        var connections = bundleContext.getService(ref);
        java.util.concurrent.atomic.AtomicInteger inside = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger overlaps = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            done.add(pool.submit(() -> connections.updateStorage(id, current -> {
                if (inside.incrementAndGet() > 1) {
                    overlaps.incrementAndGet();
                }
                try {
                    Thread.sleep(50);           // a slow token endpoint; the others wait on the row lock meanwhile
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                inside.decrementAndGet();
                current.put("token", String.valueOf(Integer.parseInt((String) current.get("token")) + 1));
                return current;
            })));
        }
        for (var f : done) {
            f.get();
        }
        pool.shutdown();
        assertEquals("no two updates at once", 0, overlaps.get());
        assertEquals("every update saw the one before", "8", connections.storage(id).get("token"));
        bundleContext.ungetService(ref);
    }

    private int appliedMigrations() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM flyway_schema_history WHERE success AND version = '1'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private String metaSchema() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT meta_value FROM plugboard_meta WHERE meta_key = 'schema'")) {
            assertTrue(rs.next());
            return rs.getString(1);
        }
    }
}
