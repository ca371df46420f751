package io.plugboard.shell.internal;

import static io.plugboard.shell.internal.ConnectionFixtures.SEMAPHORE;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;

import org.junit.Test;

/** connection-type-list and connection-type-info against fakes. */
public class ConnectionTypeCommandsTest {

    private final FakeConnectionTypeRegistry registry = ConnectionFixtures.registry();
    private final FakeConnectionService service = ConnectionFixtures.service();
    private final Output output = new Output();

    // ---- connection-type-list

    @Test
    public void typeListShowsEveryTypeThenTheRejectedFiles() {
        list(null);
        assertEquals(List.of(
                List.of("Type", "Summary", "Sources", "Probe"),
                List.of("github/app@1", "GitHub App login", "oauth (OAuth2)", "no"),
                List.of("github/token@1", "GitHub personal access token", "default (Form)", "yes"),
                List.of("semaphore/api@2", "Semaphore API token", "default (Form), enterprise (Form)", "yes"),
                List.of("Provider", "File", "Reason"),
                List.of("gitlab", "connections/token/connection.yaml", "storageSchema: must be a JSON Schema object")),
                output.table());
        List<String> lines = output.lines();
        int heading = lines.indexOf("Invalid connection types:");
        assertTrue(output.text(), heading > 0);
        assertEquals("", lines.get(heading - 1));
        assertTrue(lines.get(heading - 2).contains("semaphore/api@2"));
        assertTrue(lines.get(heading + 1).contains("Provider"));
    }

    @Test
    public void typeListFiltersByProviderAndLeavesOutTheInvalidTableWhenThereIsNone() {
        list("github");
        assertEquals(List.of(
                List.of("Type", "Summary", "Sources", "Probe"),
                List.of("github/app@1", "GitHub App login", "oauth (OAuth2)", "no"),
                List.of("github/token@1", "GitHub personal access token", "default (Form)", "yes")),
                output.table());
        assertFalse(output.text(), output.text().contains("Invalid"));
    }

    @Test
    public void typeListOfAProviderWithOnlyARejectedFileSaysSo() {
        list("gitlab");
        assertTrue(output.text(), output.text().contains("No connection types of provider 'gitlab'."));
        assertEquals(List.of(
                List.of("Type", "Summary", "Sources", "Probe"),
                List.of("Provider", "File", "Reason"),
                List.of("gitlab", "connections/token/connection.yaml", "storageSchema: must be a JSON Schema object")),
                output.table());
    }

    @Test
    public void anEmptyTypeListSaysWhy() {
        registry.types.clear();
        registry.invalid.clear();
        list(null);
        assertTrue(output.text(), output.text().contains("No connection types: no active provider declares one."));
        assertFalse(output.text().contains("Invalid"));
    }

    // ---- connection-type-info

    @Test
    public void typeInfoShowsSourcesFieldsAndTheProbeAsWritten() {
        info("github/token@1");
        assertEquals(List.of(
                "Type          github/token@1",
                "Summary       GitHub personal access token",
                "Origin        io.plugboard.provider.github:connections/token/connection.yaml",
                "Description",
                "  Use a fine-grained token.",
                "",
                "  It needs read access to the repositories.",
                "Sources",
                "  default (Form) - Paste a token",
                "Storage fields of source default",
                "Display-once  -",
                "Probe",
                "  URL         https://api.github.com/user",
                "  Headers",
                "    Accept: application/vnd.github+json",
                "    Authorization: Bearer ${input.token}",
                "  User info",
                "    name: /login",
                "    sub: /id"), textLines());
        assertEquals(List.of(
                List.of("Name", "Type", "Required", "Secret", "Description"),
                List.of("token", "string", "yes", "yes", "A personal access token"),
                List.of("baseUrl", "string", "no", "no", "default: https://api.github.com")), output.table());
        assertEquals(List.of("github/token@1#default"), service.formCalls);
        // the table comes right under its heading
        List<String> lines = output.lines();
        assertTrue(lines.get(lines.indexOf("Storage fields of source default") + 1).contains("Required"));
    }

    @Test
    public void typeInfoShowsTheFormOfEveryFormSourceAndTheDisplayOnceFields() {
        info("semaphore/api@2");
        List<String> lines = textLines();
        assertEquals(List.of("  default (Form)", "  enterprise (Form) - On-premise"),
                lines.subList(lines.indexOf("Sources") + 1, lines.indexOf("Sources") + 3));
        assertTrue(lines.contains("Storage fields of source default"));
        assertTrue(lines.contains("Storage fields of source enterprise"));
        assertEquals(List.of("semaphore/api@2#default", "semaphore/api@2#enterprise"), service.formCalls);
        assertTrue(lines.toString(), lines.contains("Display-once  webhookSecret, webhookUrl"));
        assertEquals(List.of("  Headers", "    Authorization: Token ${input.token}", "  User info", "    -"),
                lines.subList(lines.size() - 4, lines.size()));
        assertFalse(lines.contains("Description"));
        List<List<String>> table = output.table();
        assertEquals(List.of("timeout", "integer", "no", "no", "Seconds to wait; default: 30"), table.get(3));
        assertEquals(List.of("verifyTls", "boolean", "no", "no", "Verify TLS"), table.get(4));
        assertEquals(List.of("region", "string", "no", "no", "one of: eu, us"), table.get(5));
        assertEquals(List.of("organization", "string", "yes", "no", "Your Semaphore organization"), table.get(1));
    }

    @Test
    public void typeInfoOfAnOAuth2TypeWithoutProbe() {
        info("github/app@1");
        List<String> lines = textLines();
        assertTrue(lines.toString(), lines.contains("  oauth (OAuth2) - Log in with GitHub"));
        assertTrue(lines.toString(),
                lines.contains("Storage fields  - (OAuth2 sources store the token response of the login)"));
        assertEquals("Probe         none: connections of this type stay Unknown", lines.get(lines.size() - 1));
        assertEquals(List.of(), service.formCalls);
        assertEquals(List.of(), output.table());
    }

    @Test
    public void typeInfoOfAnUnknownTypeSaysWhatThereIs() {
        assertInfoFails("github/token@9", "No connection type github/token@9. Available: github/token@1.");
        assertInfoFails("gitlab/token@1", "No connection type gitlab/token@1. Provider gitlab has invalid connection "
                + "type files: connections/token/connection.yaml (see plugboard:connection-type-list).");
        assertInfoFails("jira/token@1", "No connection type jira/token@1. See plugboard:connection-type-list "
                + "(a type is there while its provider is active).");
        assertInfoFails("github-token", "'github-token' is not a connection type: expected <provider>/<name>@<version>,"
                + " e.g. github/token@1. See plugboard:connection-type-list.");
        assertEquals("", output.text());
    }

    @Test
    public void withoutTheRegistryTheTypeCommandsSaySo() {
        ConnectionTypeListCommand list = new ConnectionTypeListCommand();
        list.out = output.stream;
        try {
            list.execute();
            fail();
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("The Plugboard connection type registry is not "
                    + "available"));
        }
        ConnectionTypeInfoCommand info = new ConnectionTypeInfoCommand();
        info.registry = registry;
        info.out = output.stream;
        info.type = SEMAPHORE.toString();
        try {
            info.execute();
            fail();
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("The Plugboard connection service is not available"));
        }
    }

    private void assertInfoFails(String type, String message) {
        try {
            info(type);
            fail(type);
        } catch (IllegalArgumentException e) {
            assertEquals(message, e.getMessage());
        }
    }

    private void list(String provider) {
        ConnectionTypeListCommand command = new ConnectionTypeListCommand();
        command.registry = registry;
        command.connections = service;
        command.out = output.stream;
        command.provider = provider;
        command.execute();
    }

    private void info(String type) {
        ConnectionTypeInfoCommand command = new ConnectionTypeInfoCommand();
        command.registry = registry;
        command.connections = service;
        command.out = output.stream;
        command.type = type;
        command.execute();
    }

    /** The printed lines that are not part of a table. */
    private List<String> textLines() {
        return output.lines().stream()
                .filter(l -> !l.contains("│") && !l.contains(" | ") && !l.contains("─")
                        && !l.matches("[-+ ]*-\\+-[-+ ]*"))
                .toList();
    }

}
