package io.plugboard.shell.internal;

import static io.plugboard.shell.internal.ConnectionFixtures.GITHUB_TOKEN;
import static io.plugboard.shell.internal.ConnectionFixtures.SEMAPHORE;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.plugboard.api.connection.NewConnection;
import io.plugboard.api.resource.FieldError;
import io.plugboard.api.resource.Scope;
import org.apache.karaf.shell.api.console.Session;
import org.junit.Test;

/** connection-create: prompts, masking, --set, display-once and refusals. */
public class ConnectionCreateCommandTest {

    private static final Scope DEFAULT = Scope.organization("default");

    private final FakeConnectionTypeRegistry registry = ConnectionFixtures.registry();
    private final FakeConnectionService service = ConnectionFixtures.service();
    private final Output output = new Output();
    private final List<String> prompts = new ArrayList<>();

    @Test
    public void asksForEachFieldMasksTheSecretOneAndShowsTheDisplayOnceValuesOnce() throws Exception {
        service.displayOnce = YamlTextTest.ordered("webhookSecret", "whs-123", "webhookUrl", "https://h.example/w/1");
        ConnectionCreateCommand command = command("semaphore/api@2", "ci",
                "acme-org", "s3cr3t token", "", "yes", "eu", "");
        command.execute();

        assertEquals(List.of(
                "Organization - Your Semaphore organization (required): |null",
                "API token (required, hidden): |*",
                "Timeout - Seconds to wait [30]: |null",
                "Verify TLS: |null",
                "Region (one of eu, us): |null",
                "Sample ratio: |null"), prompts);
        assertEquals(1, service.requests.size());
        NewConnection request = service.requests.get(0);
        assertEquals(new NewConnection(SEMAPHORE, "ci", "default", DEFAULT,
                Map.of("organization", "acme-org", "token", "s3cr3t token", "timeout", 30, "verifyTls", true,
                        "region", "eu")), request);
        assertEquals(List.of(
                "connection semaphore/api@2/ci created",
                "  UID      uid-1",
                "  Source   default",
                "  Status   Unknown",
                "",
                "Shown once — copy it now, it will not be shown again:",
                "  webhookSecret: whs-123",
                "  webhookUrl: https://h.example/w/1"), output.lines());
        assertEquals(1, occurrences(output.text(), "whs-123"));
        assertEquals(1, occurrences(output.text(), "Shown once"));
        assertFalse(output.text().contains("s3cr3t"));
    }

    @Test
    public void withoutDisplayOnceValuesThereIsNoShownOnceHeading() throws Exception {
        command("github/token@1", "mine", "ghp_abc", "").execute();
        assertEquals(List.of("Token - A personal access token (required, hidden): |*",
                "baseUrl [https://api.github.com]: |null"), prompts);
        assertEquals(Map.of("token", "ghp_abc", "baseUrl", "https://api.github.com"),
                service.requests.get(0).input());
        assertEquals(List.of("connection github/token@1/mine created", "  UID      uid-1", "  Source   default",
                "  Status   Unknown"), output.lines());
    }

    @Test
    public void fieldsGivenWithSetAreNotAskedForAndTheScopeIsPassed() throws Exception {
        ConnectionCreateCommand command = command("semaphore/api@2", "ci", "tok", "0.5");
        command.set = List.of("organization=acme-org", "timeout = 60", "region=us", "verifyTls=false");
        command.source = "enterprise";
        command.organization = "acme";
        command.canvas = "canvas-1";
        command.execute();

        assertEquals(List.of("API token (required, hidden): |*", "Sample ratio: |null"),
                prompts.subList(0, 2));
        assertEquals(2, prompts.size());
        assertEquals(new NewConnection(SEMAPHORE, "ci", "enterprise", Scope.of("acme", "canvas-1"),
                Map.of("organization", "acme-org", "timeout", 60, "region", "us", "verifyTls", false, "token", "tok",
                        "ratio", 0.5)), service.requests.get(0));
        assertEquals(List.of("semaphore/api@2#enterprise"), service.formCalls);
        assertEquals("connection semaphore/api@2/ci (acme/canvas-1) created", output.lines().get(0));
    }

    @Test
    public void badSetValuesAreRefusedBeforeAnythingIsAsked() throws Exception {
        assertSetFails("token=ghp_x", "--set: field 'token' is secret: leave it out to be asked for it without echo "
                + "(a value on the command line stays in the history).");
        assertSetFails("nope=1", "--set: no field 'nope' in semaphore/api@2 (source default); its fields: "
                + "organization, token, timeout, verifyTls, region, ratio.");
        assertSetFails("timeout=soon", "--set timeout: must be a whole number, not 'soon'.");
        assertSetFails("region=asia", "--set region: must be one of eu, us.");
        assertSetFails("verifyTls=maybe", "--set verifyTls: must be true or false, not 'maybe'.");
        assertSetFails("ratio=half", "--set ratio: must be a number, not 'half'.");
        assertSetFails("=x", "--set expects <field>=<value>, not '=x'.");
        assertSetFails("organization", "--set expects <field>=<value>, not 'organization'.");
        assertEquals(List.of(), prompts);
        assertEquals(List.of(), service.requests);
        assertEquals("", output.text());
    }

    @Test
    public void fieldErrorsAreShownAndNothingIsCreated() throws Exception {
        service.refuse = List.of(new FieldError(0, "input.token", "must start with ghp_"),
                new FieldError(0, "input.baseUrl", "must be an https URL"), new FieldError(0, "", "too many"));
        try {
            command("github/token@1", "mine", "abc", "http://x").execute();
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("connection github/token@1/mine not created: token: must start with ghp_; "
                    + "baseUrl: must be an https URL; too many", e.getMessage());
        }
        assertEquals(1, service.requests.size());
        assertTrue(service.store.isEmpty());
        assertEquals("", output.text());
    }

    @Test
    public void aTakenNameIsRefused() throws Exception {
        service.add(Scope.organization("acme"), "github/token@1", "mine", null, null);
        ConnectionCreateCommand command = command("github/token@1", "mine", "ghp_abc", "");
        command.organization = "acme";
        try {
            command.execute();
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("connection github/token@1/mine (acme) already exists in organization 'acme'; choose another "
                    + "name, or delete it first (plugboard:connection-delete)", e.getMessage());
        }
        assertEquals(1, service.store.size());
    }

    @Test
    public void wrongAnswersAreAskedAgainThenTheCommandGivesUp() throws Exception {
        command("semaphore/api@2", "ci", "acme-org", "tok", "1.5", "30", "no", "asia", "eu", "").execute();
        assertEquals(List.of("  timeout: must be a whole number, not '1.5'", "  region: must be one of eu, us"),
                output.lines().subList(0, 2));
        assertEquals(Map.of("organization", "acme-org", "token", "tok", "timeout", 30, "verifyTls", false,
                "region", "eu"), service.requests.get(0).input());

        Output second = new Output();
        prompts.clear();
        ConnectionCreateCommand giveUp = command("github/token@1", "other", "", "", "");
        giveUp.out = second.stream;
        try {
            giveUp.execute();
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("No valid value for field 'token' (a value is required): connection github/token@1/other "
                    + "not created", e.getMessage());
        }
        assertEquals(ConnectionCreateCommand.MAX_ATTEMPTS, prompts.size());
        assertEquals(List.of("  token: a value is required", "  token: a value is required"), second.lines());
        assertEquals(1, service.requests.size());
    }

    @Test
    public void theEndOfInputLeavesOptionalFieldsOutAndStopsAtARequiredOne() throws Exception {
        command("github/token@1", "mine", "ghp_abc").execute(); // then end of input: baseUrl keeps its default
        assertEquals(Map.of("token", "ghp_abc", "baseUrl", "https://api.github.com"), service.requests.get(0).input());
        try {
            command("github/token@1", "other").execute();
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("No valid value for field 'token' (a value is required): connection github/token@1/other "
                    + "not created", e.getMessage());
        }
        assertEquals(1, service.requests.size());
    }

    @Test
    public void withoutATerminalEachFieldIsALineOfInput() throws Exception {
        ConnectionCreateCommand command = command("semaphore/api@2", "ci");
        List<String> calls = new ArrayList<>();
        byte[] lines = "acme-org\nsecret value\n\ntrue\n\n\n".getBytes(StandardCharsets.UTF_8);
        ByteArrayInputStream keyboard = new ByteArrayInputStream(lines);
        command.session = (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> {
                    calls.add(method.getName());
                    if (method.getName().equals("getKeyboard")) {
                        return keyboard;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        command.execute();
        assertEquals(Map.of("organization", "acme-org", "token", "secret value", "timeout", 30, "verifyTls", true),
                service.requests.get(0).input());
        assertEquals(List.of("readLine", "getKeyboard"), calls);
    }

    @Test
    public void onlyFormSourcesOfKnownTypesAreUsed() throws Exception {
        assertCreateFails(command("github/app@1", "mine"), "Source 'oauth' of github/app@1 is an OAuth2 source: its "
                + "connections are made by a login in the browser, not in the shell. github/app@1 has no Form source.");
        ConnectionCreateCommand unknownSource = command("semaphore/api@2", "ci");
        unknownSource.source = "cloud";
        assertCreateFails(unknownSource, "No source 'cloud' in connection type semaphore/api@2; its sources: "
                + "default (Form), enterprise (Form).");
        assertCreateFails(command("github/token@2", "mine"),
                "No connection type github/token@2. Available: github/token@1.");
        assertCreateFails(command("github", "mine"), "'github' is not a connection type: expected "
                + "<provider>/<name>@<version>, e.g. github/token@1. See plugboard:connection-type-list.");
        assertEquals(List.of(), prompts);
        assertEquals(List.of(), service.formCalls);
        assertEquals(List.of(), service.requests);
    }

    @Test
    public void promptsAndConversions() {
        assertEquals("Token - A personal access token (required, hidden): ",
                ConnectionCreateCommand.prompt(ConnectionFixtures.GITHUB_TOKEN_FORM.get(0)));
        assertEquals(Long.valueOf(5_000_000_000L),
                ConnectionCreateCommand.convert(ConnectionFixtures.SEMAPHORE_FORM.get(2), "5000000000"));
        assertEquals(Integer.valueOf(-3),
                ConnectionCreateCommand.convert(ConnectionFixtures.SEMAPHORE_FORM.get(2), "-3"));
        assertEquals(Boolean.FALSE, ConnectionCreateCommand.convert(ConnectionFixtures.SEMAPHORE_FORM.get(3), "N"));
        assertEquals(2.5e3, ConnectionCreateCommand.convert(ConnectionFixtures.SEMAPHORE_FORM.get(5), "2.5e3"));
        assertEquals("007", ConnectionCreateCommand.convert(ConnectionFixtures.SEMAPHORE_FORM.get(0), "007"));
        assertEquals(GITHUB_TOKEN, ConnectionFixtures.GITHUB_TOKEN);
    }

    private void assertSetFails(String set, String message) throws Exception {
        ConnectionCreateCommand command = command("semaphore/api@2", "ci", "x", "y", "z", "w", "v", "u");
        command.set = List.of("organization=acme-org", set);
        assertCreateFails(command, message);
    }

    private static void assertCreateFails(ConnectionCreateCommand command, String message) throws Exception {
        try {
            command.execute();
            fail(message);
        } catch (IllegalArgumentException e) {
            assertEquals(message, e.getMessage());
        }
    }

    private ConnectionCreateCommand command(String type, String name, String... answers) {
        ConnectionCreateCommand command = new ConnectionCreateCommand();
        command.registry = registry;
        command.connections = service;
        command.out = output.stream;
        command.type = type;
        command.name = name;
        command.session = ConnectionFixtures.console(prompts, answers);
        return command;
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            count++;
        }
        return count;
    }
}
