package io.plugboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;
import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ClientChannel;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;

/**
 * The assembled server on its default (H2) database: bundles, health, admin auth, the providers API, JSON errors,
 * storage, the Camel context and the shell, locally and over SSH.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ServerIT extends PlugboardTestSupport {

    @Inject
    @Filter(value = "(dataSourceName=plugboard)", timeout = 120_000)
    private DataSource dataSource;

    @Test
    public void everyBundleIsActive() {
        List<String> notActive = new ArrayList<>();
        for (Bundle b : bundleContext.getBundles()) {
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            if (!fragment && b.getState() != Bundle.ACTIVE) {
                notActive.add(b.getSymbolicName() + " state=" + b.getState());
            }
        }
        assertTrue("bundles not active: " + notActive, notActive.isEmpty());
        for (String bsn : List.of("io.plugboard.api", "io.plugboard.core", "io.plugboard.rest", "io.plugboard.webhooks",
                "io.plugboard.shell", "io.plugboard.extender", "io.plugboard.provider.github", "io.plugboard.provider.semaphore",
                "io.plugboard.provider.slack", "io.plugboard.provider.gitlab", "io.plugboard.provider.webhook",
                "io.plugboard.provider.pagerduty", "io.plugboard.provider.google", "io.plugboard.provider.microsoft",
                "io.plugboard.provider.bitbucket", "io.plugboard.oauth")) {
            assertNotNull(bsn + " installed", bundle(bsn));
        }
    }

    @Test
    public void onlyTheApiBundleExportsPackages() {
        for (Bundle b : bundleContext.getBundles()) {
            String bsn = b.getSymbolicName();
            if (bsn.startsWith("io.plugboard.") && !bsn.equals("io.plugboard.api")) {
                assertEquals(bsn + " exports nothing", null, b.getHeaders().get(Constants.EXPORT_PACKAGE));
            }
        }
        String exports = bundle("io.plugboard.api").getHeaders().get(Constants.EXPORT_PACKAGE);
        assertTrue(exports, exports.contains("io.plugboard.api.provider;version=\"4.2.0\""));
    }

    @Test
    public void healthIsPublicAndReportsEverything() throws Exception {
        HttpResponse<String> r = get("/api/v1/health", null);
        assertEquals(200, r.statusCode());
        JsonNode body = json(r);
        assertEquals("UP", body.path("status").asText());
        assertEquals("0.1.0-SNAPSHOT", body.path("version").asText());
        assertEquals(10, body.path("providers").asInt());
        assertEquals("UP", body.path("database").asText());
    }

    @Test
    public void adminTokenIsGeneratedOwnerOnlyWith256Bits() throws Exception {
        Path file = dataDirectory().resolve("admin.token");
        assertEquals(EnumSet.copyOf(PosixFilePermissions.fromString("rw-------")), Files.getPosixFilePermissions(file));
        byte[] bits = Base64.getUrlDecoder().decode(adminToken());
        assertTrue("token has " + bits.length * 8 + " bits", bits.length >= 32);
    }

    @Test
    public void theApiNeedsTheAdminToken() throws Exception {
        assertJsonError(get("/api/v1/providers", null), 401, "unauthorized");
        assertJsonError(get("/api/v1/providers", "not-the-token"), 401, "unauthorized");
        assertJsonError(request("GET", "/api/v1/providers", "Basic a2FyYWY6a2FyYWY=", null, null, null), 401, "unauthorized");
        // unknown paths do not tell an anonymous caller what exists
        assertJsonError(get("/api/v1/secrets-that-may-exist", null), 401, "unauthorized");
        HttpResponse<String> missing = get("/api/v1/providers", null);
        assertEquals("Bearer realm=\"plugboard\"", missing.headers().firstValue("WWW-Authenticate").orElse(""));
        assertEquals(200, get("/api/v1/providers", adminToken()).statusCode());
    }

    @Test
    public void theTokenNeverReachesTheLog() throws Exception {
        String token = adminToken();
        get("/api/v1/providers", token);
        get("/api/v1/providers", token + "x");
        Path log = Paths.get(System.getProperty("karaf.data"), "log", "karaf.log");
        assertFalse("admin token in karaf.log", Files.readString(log).contains(token));
    }

    @Test
    public void noPlugboardComponentLogsAnErrorAtStart() throws Exception {
        // Plugboard's bundles and SCR wiring them (a circle of references is an SCR ERROR); the framework's own
        // start-up noise (Karaf's spec locator during the first feature refresh) is not ours to assert on
        Path log = Paths.get(System.getProperty("karaf.data"), "log", "karaf.log");
        List<String> errors = Files.readAllLines(log).stream().filter(line -> line.contains("| ERROR |"))
                .filter(line -> line.contains("io.plugboard") || line.contains("org.apache.felix.scr")).toList();
        assertEquals("ERROR lines in karaf.log", List.of(), errors);
    }

    @Test
    public void providersAreListedWithTheirBundle() throws Exception {
        HttpResponse<String> list = get("/api/v1/providers", adminToken());
        assertEquals(200, list.statusCode());
        JsonNode body = json(list);
        assertEquals(list.body(), 10, body.size());
        assertEquals("sorted by id", "gitlab", body.get(3).path("id").asText());
        assertEquals("aws: credentials only (STS)", "[\"credentials\"]", body.get(0).path("capabilities").toString());
        assertEquals("a data-only provider has no capability", "[]", body.get(1).path("capabilities").toString());
        assertEquals("github: actions, credentials (the GitHub App), webhooks and provisioning", "[\"actions\",\"credentials\",\"provisioning\",\"webhooks\"]", body.get(2).path("capabilities").toString());
        JsonNode github = body.get(2);
        assertEquals("github", github.path("id").asText());
        assertEquals("GitHub", github.path("name").asText());
        assertEquals("io.plugboard.provider.github", github.path("bundle").asText());
        assertEquals(bundle("io.plugboard.provider.github").getVersion().toString(), github.path("version").asText());
        assertEquals("[\"repository\",\"organization\",\"branch\",\"event\"]", github.path("filterFields").toString());
        assertTrue(github.path("eventTypes").toString(), github.path("eventTypes").toString().contains("\"push\""));

        HttpResponse<String> one = get("/api/v1/providers/github", adminToken());
        assertEquals(200, one.statusCode());
        assertEquals(github, json(one));

        HttpResponse<String> absent = get("/api/v1/providers/gitlub", adminToken());
        assertJsonError(absent, 404, "not_found");
        assertTrue(absent.body(), absent.body().contains("gitlub"));
    }

    @Test
    public void errorsAreJsonWithTheRightStatus() throws Exception {
        String token = adminToken();
        assertJsonError(get("/api/v1/no-such-thing", token), 404, "not_found");
        assertJsonError(get("/no-such-thing", null), 404, "not_found");
        HttpResponse<String> wrongMethod = send("DELETE", "/api/v1/providers", token, null, null);
        assertJsonError(wrongMethod, 405, "method_not_allowed");
        assertTrue(wrongMethod.headers().firstValue("Allow").orElse("").contains("GET"));
        assertJsonError(send("POST", "/api/v1/health", null, "application/json", "{"), 401, "unauthorized");
        assertJsonError(send("POST", "/api/v1/providers", token, "application/json", "{\"broken"), 405, "method_not_allowed");
        HttpResponse<String> xml = request("GET", "/api/v1/providers", "Bearer " + token, null, null, "application/xml");
        assertJsonError(xml, 406, "not_acceptable");
    }

    @Test
    public void flywayMigratedTheH2FileDatabase() throws Exception {
        assertTrue(Files.isRegularFile(dataDirectory().resolve("db.mv.db")));
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            assertEquals("H2", c.getMetaData().getDatabaseProductName());
            try (ResultSet rs = st.executeQuery(
                    "SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"success\" = TRUE AND \"version\" = '1'")) {
                assertTrue(rs.next());
                assertEquals(1, rs.getInt(1));
            }
            try (ResultSet rs = st.executeQuery("SELECT meta_value FROM plugboard_meta WHERE meta_key = 'schema'")) {
                assertTrue(rs.next());
                assertEquals("plugboard", rs.getString(1));
            }
        }
    }

    @Test
    public void theCamelContextRuns() throws Exception {
        waitFor("CamelContext service plugboard", Duration.ofSeconds(30), () ->
                bundleContext.getServiceReferences("org.apache.camel.CamelContext", "(camel.context.name=plugboard)") != null);
        String out = executeCommand("camel:context-list");
        assertTrue(out, out.matches("(?s).*plugboard\\s+Started.*"));
        String routes = executeCommand("camel:route-list");
        assertTrue(routes, routes.matches("(?s).*plugboard\\s+webhook-ingest\\s+Started.*"));
    }

    /** One node on the embedded H2 database: the cluster of one, in the shell and over REST. */
    @Test
    public void theNodeListsItselfAliveOnH2() throws Exception {
        String nodes = executeCommand("plugboard:node-list");
        assertTrue(nodes, nodes.matches("(?s).*Node\\s+\\|\\s+Started\\s+\\|\\s+Last heartbeat.*"));
        assertTrue(nodes, nodes.matches("(?s).*\\* \\S+:" + HTTP_PORT + "\\s+\\|.*\\|\\s+H2\\s+\\|\\s+yes.*"));
        HttpResponse<String> rest = get("/api/v1/cluster/nodes", adminToken());
        assertEquals(rest.body(), 200, rest.statusCode());
        assertTrue(rest.body(), rest.body().contains("\"self\" : true") && rest.body().contains("\"database\" : \"H2\""));
        assertEquals(401, get("/api/v1/cluster/nodes", null).statusCode());
    }

    @Test
    public void shellListsAndDescribesProviders() throws Exception {
        String list = executeCommand("plugboard:provider-list");
        assertTrue(list, list.matches("(?s).*ID\\s+\\|\\s+Name\\s+\\|\\s+Bundle\\s+\\|\\s+Version\\s+\\|\\s+Capabilities.*"));
        assertTrue(list, list.matches("(?s).*github\\s+\\|\\s+GitHub\\s+\\|\\s+io\\.plugboard\\.provider\\.github\\s+\\|.*"));

        String info = executeCommand("plugboard:provider-info github");
        assertTrue(info, info.contains("Name          GitHub"));
        assertTrue(info, info.contains("Filter fields repository, organization, branch, event"));
        assertTrue(info, info.contains("  push - Commits pushed to a branch or tag"));

        String absent = executeCommandExpectingFailure("plugboard:provider-info gitlub");
        assertTrue(absent, absent.contains("No active provider 'gitlub'. Active: aws, bitbucket, github"));
    }

    @Test
    public void theShellIsReachableOverSsh() throws Exception {
        SshClient client = SshClient.setUpDefaultClient();
        client.start();
        try (ClientSession session = client.connect(SSH_USER, "127.0.0.1", SSH_PORT).verify(10, TimeUnit.SECONDS).getSession()) {
            session.addPasswordIdentity(SSH_PASSWORD);
            session.auth().verify(10, TimeUnit.SECONDS);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ClientChannel channel = session.createExecChannel("plugboard:provider-list")) {
                channel.setOut(out);
                channel.setErr(out);
                channel.open().verify(10, TimeUnit.SECONDS);
                channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TimeUnit.SECONDS.toMillis(30));
            }
            String text = out.toString(StandardCharsets.UTF_8);
            assertTrue(text, text.contains("io.plugboard.provider.github"));
        } finally {
            client.stop();
        }
    }
}
