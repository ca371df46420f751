package io.plugboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.replaceConfigurationFile;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

import javax.inject.Inject;
import javax.security.auth.Subject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Before;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * Boots the assembled distribution (karaf-distribution/target/*.tar.gz) in Pax Exam, on moved ports, and offers
 * helpers: HTTP calls, shell commands, polling with a deadline. Test methods run inside the container.
 */
public abstract class PlugboardTestSupport {

    static final int HTTP_PORT = 18181;
    static final int SSH_PORT = 18101;
    static final String BASE = "http://localhost:" + HTTP_PORT;
    static final String SSH_USER = "itest";
    static final String SSH_PASSWORD = "itest-password";

    @Inject
    protected BundleContext bundleContext;

    @Inject
    protected SessionFactory sessionFactory;

    private static final ObjectMapper JSON = new ObjectMapper();

    protected final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>(Arrays.asList(baseOptions()));
        options.addAll(Arrays.asList(extraOptions()));
        return options.toArray(new Option[0]);
    }

    /** Options a test class adds, e.g. another database. */
    protected Option[] extraOptions() {
        return new Option[0];
    }

    private static Option[] baseOptions() {
        String dist = new File(System.getProperty("plugboard.distribution")).toURI().toString();
        String localRepo = System.getProperty("plugboard.localRepository");
        return new Option[] {
            karafDistributionConfiguration()
                .frameworkUrl(dist)
                .name("plugboard")
                .karafVersion("4.4.10")
                .unpackDirectory(new File("target/exam"))
                .useDeployFolder(false),
            keepRuntimeFolder(),
            configureConsole().ignoreLocalConsole(),
            logLevel(LogLevel.INFO),
            // move every port so a running server (or a second build) does not collide
            editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", String.valueOf(HTTP_PORT)),
            editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", String.valueOf(SSH_PORT)),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", "11099"),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort", "44445"),
            // an SSH user for the test only; the distribution ships none
            editConfigurationFilePut("etc/users.properties", SSH_USER, SSH_PASSWORD + ",_g_:admingroup"),
            // the container resolves Pax Exam's own feature from the build's local repository only
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository", localRepo),
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.defaultRepositories",
                "file:${karaf.home}/${karaf.default.repository}@id=system.repository@snapshots"),
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.repositories", ""),
            // Pax Exam appends its own feature to featuresBoot and installs its test bundle as soon as that starts.
            // Karaf installs each "( ... )" group of featuresBoot as a separate stage and the ungrouped rest last, so
            // group the distribution's boot features: the test bundle then arrives after they are deployed (else
            // "Resolver hook prevented resolution", see shared/stack gotcha 5).
            replaceConfigurationFile("etc/org.apache.karaf.features.cfg", stagedFeaturesCfg()),
            systemProperty("pax.exam.service.timeout").value("120000"),
        };
    }

    private static File stagedFeaturesCfg() {
        try {
            Path source = Paths.get(System.getProperty("plugboard.featuresCfg"));
            Path target = Paths.get("target", "org.apache.karaf.features.cfg");
            String text = Files.readString(source).replace("\\\n", "");
            text = Pattern.compile("^(featuresBoot\\s*=\\s*(?:\\([^)]*\\)\\s*,\\s*)*)(.+)$", Pattern.MULTILINE)
                    .matcher(text).replaceFirst("$1($2), exam");
            text = Pattern.compile("^(featuresRepositories\\s*=.+)$", Pattern.MULTILINE)
                    .matcher(text).replaceFirst("$1, mvn:org.ops4j.pax.exam/pax-exam-features/4.14.0/xml");
            Files.writeString(target, text);
            return target.toFile();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Before
    public void waitUntilServing() throws Exception {
        waitFor("Karaf boot finished", Duration.ofMinutes(5),
                () -> bundleContext.getServiceReference("org.apache.karaf.features.BootFinished") != null);
        waitFor("GET /api/v1/health answers 200", Duration.ofMinutes(2), () -> get("/api/v1/health", null).statusCode() == 200);
        waitFor("the resource service", Duration.ofMinutes(1),
                () -> bundleContext.getServiceReference("io.plugboard.api.resource.ResourceService") != null);
    }

    // ---- helpers ----------------------------------------------------------------------------------

    protected HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        return send("GET", path, token, null, null);
    }

    protected HttpResponse<String> send(String method, String path, String token, String contentType, String body)
            throws IOException, InterruptedException {
        return request(method, path, token == null ? null : "Bearer " + token, contentType, body, null);
    }

    /** One HTTP request to the server under test; {@code null} leaves a header out. */
    protected HttpResponse<String> request(String method, String path, String authorization, String contentType,
                                           String body, String accept) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(BASE + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (accept != null) {
            request.header("Accept", accept);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Parses a response body as JSON; fails the test with the body when it is not JSON. */
    /**
     * A secret with the API token and the webhook secret, and an integration of {@code type} at {@code url} using both;
     * answers its webhook URL.
     */
    protected String applyTokenIntegration(String token, String name, String type, String url, String apiToken,
                                           String hookSecret) throws Exception {
        HttpResponse<String> r = send("POST", "/api/v1/apply", token, "application/yaml", "kind: Secret\nmetadata: {name: "
                + name + "}\nspec: {data: {token: " + apiToken + ", hook: " + hookSecret + "}}\n---\nkind: Integration\n"
                + "metadata: {name: " + name + "}\nspec: {type: " + type + ", url: '" + url + "', auth: {use: AUTH_TYPE_TOKEN, "
                + "token: {valueFrom: {secret: {name: " + name + ", key: token}}}}, webhook: {secret: {valueFrom: {secret: "
                + "{name: " + name + ", key: hook}}}}}\n");
        if (r.statusCode() / 100 != 2) {
            throw new AssertionError("apply failed: " + r.statusCode() + " " + r.body());
        }
        return json(get("/api/v1/integrations/" + name, token)).path("status").path("webhookUrl").asText();
    }

    protected static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    protected Bundle bundle(String symbolicName) {
        for (Bundle b : bundleContext.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    protected static Path dataDirectory() {
        return Paths.get(System.getProperty("karaf.data"), "plugboard");
    }

    protected static String adminToken() throws IOException {
        return Files.readString(dataDirectory().resolve("admin.token"), StandardCharsets.UTF_8).trim();
    }

    /** Runs a shell command as an admin, as a console user would, and returns what it printed. */
    protected String executeCommand(String command) throws Exception {
        return executeCommand(command, "");
    }

    /** Runs a shell command as an admin with {@code typed} as what the user types at its prompts. */
    protected String executeCommand(String command, String typed) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Session session = sessionFactory.create(new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8)), out, out);
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal("karaf"));
        for (String role : List.of("admin", "manager", "viewer", "systembundles")) {
            subject.getPrincipals().add(new RolePrincipal(role));
        }
        try {
            Subject.doAs(subject, (PrivilegedExceptionAction<Object>) () -> session.execute(command));
        } catch (PrivilegedActionException e) {
            throw e.getException();
        } finally {
            session.close();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Runs a shell command that must fail, and returns its error message. */
    protected String executeCommandExpectingFailure(String command) throws Exception {
        try {
            String out = executeCommand(command);
            throw new AssertionError("'" + command + "' should have failed, printed: " + out);
        } catch (AssertionError e) {
            throw e;
        } catch (Exception e) {
            return String.valueOf(e.getMessage());
        }
    }

    /** Polls {@code condition} until it holds; fails with {@code what} after {@code timeout}. */
    protected static void waitFor(String what, Duration timeout, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (Boolean.TRUE.equals(condition.call())) {
                    return;
                }
                last = null;
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("Timed out after " + timeout.toMillis() + " ms waiting for: " + what
                + (last != null ? " (last error: " + last + ")" : ""));
    }

    protected static void assertJsonError(HttpResponse<String> response, int status, String code) {
        String body = response.body();
        assertEquals("status, body " + body, status, response.statusCode());
        assertTrue(body, response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode error = json(response);
        assertEquals(body, code, error.path("error").asText());
        assertTrue(body, error.path("message").isTextual() && !error.path("message").asText().isBlank());
        assertTrue("no stack trace: " + body, !body.contains("Exception") && !body.contains("\tat "));
    }
}
