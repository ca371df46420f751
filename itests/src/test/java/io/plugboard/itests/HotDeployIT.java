package io.plugboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * A provider comes and goes while the server runs: uninstalled with bundle:uninstall, dropped into deploy/,
 * deleted from deploy/ — the API and the shell follow within 5 seconds each time, with no restart and no error.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotDeployIT extends PlugboardTestSupport {

    private static final String GITHUB = "io.plugboard.provider.github";
    private static final Duration WITHIN = Duration.ofSeconds(5);

    @Test
    public void aProviderIsUninstalledDeployedAndUndeployedWithoutRestart() throws Exception {
        String token = adminToken();
        Bundle core = bundle("io.plugboard.core");
        Object registryServiceId = registryServiceId();
        int logLinesBefore = logLines().size();
        assertTrue("github listed at first", providersJson(token).contains("\"github\""));

        // 1. bundle:uninstall
        executeCommand("bundle:uninstall " + GITHUB);
        waitFor("github gone from GET /api/v1/providers", WITHIN, () -> !providersJson(token).contains("\"github\""));
        assertJsonError(get("/api/v1/providers/github", token), 404, "not_found");
        assertFalse(executeCommand("plugboard:provider-list").contains("github"));
        assertEquals(9, json(get("/api/v1/health", null)).path("providers").asInt());

        // 2. the jar copied into deploy/
        Path deploy = Paths.get(System.getProperty("karaf.base"), "deploy");
        Files.createDirectories(deploy);
        Path jar = deploy.resolve("github-provider.jar");
        Path staged = deploy.resolve("github-provider.jar.part");
        Files.copy(githubJar(), staged, StandardCopyOption.REPLACE_EXISTING);
        Files.move(staged, jar, StandardCopyOption.ATOMIC_MOVE);
        waitFor("github back in GET /api/v1/providers", WITHIN, () -> providersJson(token).contains("\"github\""));
        assertTrue(executeCommand("plugboard:provider-list").contains("io.plugboard.provider.github"));
        assertEquals(200, get("/api/v1/providers/github", token).statusCode());

        // 3. the jar deleted from deploy/
        Files.delete(jar);
        waitFor("github gone again", WITHIN, () -> !providersJson(token).contains("\"github\""));
        assertFalse(executeCommand("plugboard:provider-list").contains("github"));

        // no restart: the core bundle and its API stayed up throughout; no error was logged
        assertEquals(Bundle.ACTIVE, core.getState());
        assertEquals("the same registry instance served throughout", registryServiceId, registryServiceId());
        assertEquals(200, get("/api/v1/health", null).statusCode());
        List<String> errors = logLines().stream().skip(logLinesBefore)
                .filter(line -> line.contains("| ERROR |") || line.contains("| WARN  |") && line.contains("Exception"))
                .collect(Collectors.toList());
        assertTrue("errors logged: " + errors, errors.isEmpty());
    }

    private Object registryServiceId() {
        return bundleContext.getServiceReference("io.plugboard.api.provider.ProviderRegistry").getProperty("service.id");
    }

    private String providersJson(String token) throws Exception {
        return get("/api/v1/providers", token).body();
    }

    /** The provider jar as shipped in the distribution's system/ repository. */
    private static Path githubJar() {
        Path jar = Paths.get(System.getProperty("karaf.home"), "system", "io", "plugboard", GITHUB, "0.1.0-SNAPSHOT",
                GITHUB + "-0.1.0-SNAPSHOT.jar");
        assertTrue(jar + " exists", Files.isRegularFile(jar));
        return jar;
    }

    private static List<String> logLines() throws Exception {
        return Files.readAllLines(Paths.get(System.getProperty("karaf.data"), "log", "karaf.log"));
    }
}
