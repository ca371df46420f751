package io.plugboard.itests;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The distribution as a user runs it, outside Pax Exam: unpacked into {@code target/<name>}, on its own ports,
 * started with {@code bin/start}, stopped with {@code bin/stop} - or killed.
 */
final class ExternalServer {

    final Path home;
    final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ExternalServer(String name, int httpPort, int sshPort, int rmiRegistryPort, int rmiServerPort) throws Exception {
        Path dir = Paths.get("target", name).toAbsolutePath();
        run(List.of("rm", "-rf", dir.toString()));
        Files.createDirectories(dir);
        run(List.of("tar", "-xzf", System.getProperty("plugboard.distribution"), "-C", dir.toString()));
        try (var entries = Files.list(dir)) {
            home = entries.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        base = "http://127.0.0.1:" + httpPort;
        set("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", String.valueOf(httpPort));
        set("etc/org.apache.karaf.shell.cfg", "sshPort", String.valueOf(sshPort));
        set("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", String.valueOf(rmiRegistryPort));
        set("etc/org.apache.karaf.management.cfg", "rmiServerPort", String.valueOf(rmiServerPort));
    }

    /** The admin token set in etc/io.plugboard.core.cfg ({@link #adminToken(String)}), else the generated one. */
    private String configuredToken;

    void adminToken(String token) throws IOException {
        set("etc/io.plugboard.core.cfg", "adminToken", token);
        configuredToken = token;
    }

    String token() throws IOException {
        return configuredToken != null ? configuredToken : Files.readString(home.resolve("data/plugboard/admin.token")).trim();
    }

    /**
     * Starts the server as {@code bin/start} does ({@code bin/karaf server} in the background), but keeps its console
     * output in {@code <home>/console.log}: boot errors that never reach karaf.log are printed there. Then waits until
     * health is UP and the resource API answers.
     */
    void start() throws Exception {
        new ProcessBuilder(home.resolve("bin/karaf").toString(), "server").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("console.log").toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            try {
                HttpResponse<String> r = request("GET", "/api/v1/health", null, null, null);
                if (r.statusCode() == 200 && r.body().contains("UP")
                        && (configuredToken != null || Files.exists(home.resolve("data/plugboard/admin.token")))
                        && request("GET", "/api/v1/secrets", token(), null, null).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("server not healthy within 120 s; see " + home.resolve("data/log/karaf.log")
                        + "; console: " + tail(home.resolve("console.log")));
            }
            Thread.sleep(200);
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(none)";
        }
    }

    /** {@code bin/stop}, then waits for the process to end. */
    void stop() throws Exception {
        ProcessHandle process = process();
        run(List.of(home.resolve("bin/stop").toString()));
        awaitExit(process, 60);
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye. */
    void kill() throws Exception {
        ProcessHandle process = process();
        process.destroyForcibly();
        awaitExit(process, 30);
    }

    boolean running() {
        return Files.exists(home.resolve("karaf.pid")) && processOrNull() != null && processOrNull().isAlive();
    }

    private ProcessHandle process() throws IOException {
        return ProcessHandle.of(Long.parseLong(Files.readString(home.resolve("karaf.pid")).trim()))
                .orElseThrow(() -> new AssertionError("the server is not running"));
    }

    private ProcessHandle processOrNull() {
        try {
            return ProcessHandle.of(Long.parseLong(Files.readString(home.resolve("karaf.pid")).trim())).orElse(null);
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    private static void awaitExit(ProcessHandle process, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (process.isAlive()) {
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new AssertionError("server did not stop within " + seconds + " s");
            }
            Thread.sleep(100);
        }
    }

    HttpResponse<String> request(String method, String path, String token, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sets {@code key} in an etc/ file, adding it when absent. */
    void set(String file, String key, String value) throws IOException {
        Path cfg = home.resolve(file);
        String text = Files.exists(cfg) ? Files.readString(cfg) : "";
        Pattern line = Pattern.compile("(?m)^" + Pattern.quote(key) + "\\s*=.*$");
        Files.writeString(cfg, line.matcher(text).find() ? line.matcher(text).replaceAll(key + " = " + value)
                : text + "\n" + key + " = " + value + "\n");
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(new File("target/external-server.log")).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(command + " failed; see target/external-server.log");
        }
    }
}
