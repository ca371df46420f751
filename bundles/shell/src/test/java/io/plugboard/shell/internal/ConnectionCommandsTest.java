package io.plugboard.shell.internal;

import static io.plugboard.shell.internal.ConnectionFixtures.GITHUB_TOKEN;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.plugboard.api.connection.Connection;
import io.plugboard.api.connection.ConnectionState;
import io.plugboard.api.connection.ConnectionStatus;
import io.plugboard.api.resource.Scope;
import org.junit.Before;
import org.junit.Test;

/** connection-list, connection-get, connection-delete and connection-test against a fake service. */
public class ConnectionCommandsTest {

    private static final Scope DEFAULT = Scope.organization("default");
    private static final Scope CANVAS = Scope.of("default", "canvas-1");
    private static final Scope ACME = Scope.organization("acme");
    private static final Instant CHECKED = Instant.parse("2024-05-02T08:30:00.750Z");

    private final FakeConnectionService service = ConnectionFixtures.service();
    private final Output output = new Output();

    private Connection mine;

    @Before
    public void connections() {
        mine = service.add(DEFAULT, "github/token@1", "mine",
                new ConnectionStatus(ConnectionState.Healthy, "", CHECKED),
                Map.of("sub", "583231", "name", "The Octocat", "email", "octo@example.com"));
        service.add(ACME, "github/token@1", "mine",
                new ConnectionStatus(ConnectionState.Unhealthy, "HTTP 401", CHECKED),
                Map.of("name", "Acme Bot", "email", "bot@acme.example"));
        service.add(CANVAS, "semaphore/api@2", "ci", null, Map.of("email", "ci@example.com"));
        service.add(DEFAULT, "github/app@1", "login", new ConnectionStatus(ConnectionState.NeedsReauth, "refresh "
                + "token refused", CHECKED), Map.of());
    }

    // ---- connection-list

    @Test
    public void listShowsEveryConnectionWithStatusSubjectAndCheckTime() {
        list(null, null, null);
        assertEquals(List.of(
                List.of("Type", "Name", "Scope", "Status", "Subject", "Checked"),
                List.of("github/app@1", "login", "default", "NeedsReauth", "-", "2024-05-02T08:30:00Z"),
                List.of("github/token@1", "mine", "acme", "Unhealthy", "Acme Bot", "2024-05-02T08:30:00Z"),
                List.of("github/token@1", "mine", "default", "Healthy", "583231", "2024-05-02T08:30:00Z"),
                List.of("semaphore/api@2", "ci", "default/canvas-1", "Unknown", "ci@example.com", "-")),
                output.table());
        assertNull(service.lastListType);
    }

    @Test
    public void listFiltersByTypeOrganizationAndCanvas() {
        list("github/token@1", null, null);
        assertEquals(GITHUB_TOKEN, service.lastListType);
        assertEquals(List.of("mine", "mine"), names());

        Output acme = new Output();
        ConnectionListCommand inAcme = new ConnectionListCommand();
        inAcme.connections = service;
        inAcme.out = acme.stream;
        inAcme.organization = "acme";
        inAcme.execute();
        assertEquals(List.of("acme"),
                acme.table().subList(1, acme.table().size()).stream().map(r -> r.get(2)).toList());

        Output canvas = new Output();
        ConnectionListCommand inCanvas = new ConnectionListCommand();
        inCanvas.connections = service;
        inCanvas.out = canvas.stream;
        inCanvas.canvas = "canvas-1";
        inCanvas.execute();
        assertEquals(2, canvas.table().size());
        assertEquals("ci", canvas.table().get(1).get(1));
    }

    @Test
    public void anEmptyListSaysWhatWasAskedForAndHowToCreateOne() {
        list("semaphore/api@2", "acme", null);
        assertTrue(output.text(), output.text().contains("No connections of type semaphore/api@2 in organization "
                + "'acme'. Create one with plugboard:connection-create <type> <name>."));
        service.store.clear();
        Output none = new Output();
        ConnectionListCommand all = new ConnectionListCommand();
        all.connections = service;
        all.out = none.stream;
        all.execute();
        assertTrue(none.text(), none.text().contains("No connections. Create one with"));
    }

    @Test
    public void listRefusesABadType() {
        try {
            list("github:token", null, null);
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("'github:token' is not a connection type"));
        }
        assertEquals("none", service.lastListType);
    }

    // ---- connection-get

    @Test
    public void getShowsTheConnectionButNeverItsValues() {
        named(new ConnectionGetCommand(), "github/token@1", "mine", null, null).execute();
        assertEquals(List.of(
                "UID       uid-1",
                "Type      github/token@1",
                "Name      mine",
                "Source    default",
                "Scope     default",
                "Status    Healthy",
                "Reason    -",
                "Checked   2024-05-02T08:30:00Z",
                "Subject",
                "  email: octo@example.com",
                "  name: The Octocat",
                "  sub: 583231",
                "Created   2024-05-01T10:00:00Z",
                "Updated   2024-05-01T10:01:00Z"), output.lines());
    }

    @Test
    public void getInAnotherScope() {
        named(new ConnectionGetCommand(), "semaphore/api@2", "ci", "default", "canvas-1").execute();
        List<String> lines = output.lines();
        assertTrue(lines.toString(), lines.contains("Scope     default/canvas-1"));
        assertTrue(lines.toString(), lines.contains("Checked   -"));
        assertTrue(lines.toString(), lines.contains("Status    Unknown"));
        assertEquals("  email: ci@example.com", lines.get(lines.indexOf("Subject") + 1));
    }

    @Test
    public void aMissingConnectionIsNamedWithWhereOneOfThatNameIs() {
        assertNotFound(new ConnectionGetCommand(), "semaphore/api@2", "ci",
                "No connection semaphore/api@2 'ci' in organization 'default'. "
                        + "There is one with: -o default -c canvas-1.");
        assertNotFound(new ConnectionGetCommand(), "github/token@1", "nope",
                "No connection github/token@1 'nope' in organization 'default'. See plugboard:connection-list.");
        assertNotFound(new ConnectionDeleteCommand(), "github/app@1", "mine",
                "No connection github/app@1 'mine' in organization 'default'. See plugboard:connection-list.");
        assertNotFound(new ConnectionTestCommand(), "github/token@2", "mine",
                "No connection github/token@2 'mine' in organization 'default'. See plugboard:connection-list.");
        assertNotFound(new ConnectionGetCommand(), "token", "mine", "'token' is not a connection type: expected "
                + "<provider>/<name>@<version>, e.g. github/token@1. See plugboard:connection-type-list.");
        assertEquals(List.of(), service.deleted);
        assertEquals(List.of(), service.tested);
        assertEquals("", output.text());
    }

    @Test
    public void aMissingConnectionInAnotherOrganizationNamesThatOrganization() {
        service.store.remove(mine.uid());
        assertNotFound(named(new ConnectionGetCommand(), "github/token@1", "mine", "acme", "canvas-2"),
                "No connection github/token@1 'mine' in canvas 'canvas-2' of organization 'acme'. There is one with: "
                        + "-o acme.");
    }

    // ---- connection-delete

    @Test
    public void deleteFindsTheConnectionAndDeletesItByUid() {
        named(new ConnectionDeleteCommand(), "github/token@1", "mine", null, null).execute();
        named(new ConnectionDeleteCommand(), "github/token@1", "mine", "acme", null).execute();
        assertEquals(List.of("connection github/token@1/mine deleted", "connection github/token@1/mine (acme) deleted"),
                output.lines());
        assertEquals(List.of("uid-1", "uid-2"), service.deleted);
        assertEquals(2, service.store.size());
    }

    // ---- connection-test

    @Test
    public void testShowsTheNewVerdictAndSubject() {
        service.verdicts.put("uid-2", new Connection("uid-2", ACME, GITHUB_TOKEN, "mine", "default",
                new ConnectionStatus(ConnectionState.Unhealthy, "HTTP 403: token expired", CHECKED.plusSeconds(3600)),
                Map.of("sub", "42", "name", "Acme Bot"), null, null));
        named(new ConnectionTestCommand(), "github/token@1", "mine", "acme", null).execute();
        assertEquals(List.of(
                "connection github/token@1/mine (acme) tested",
                "State    Unhealthy",
                "Reason   HTTP 403: token expired",
                "Checked  2024-05-02T09:30:00Z",
                "Subject",
                "  name: Acme Bot",
                "  sub: 42"), output.lines());
        assertEquals(List.of("uid-2"), service.tested);
        assertEquals("42", service.store.get("uid-2").subject().get("sub"));
    }

    @Test
    public void testOfAConnectionWithoutSubject() {
        named(new ConnectionTestCommand(), "github/app@1", "login", null, null).execute();
        assertEquals(List.of(
                "connection github/app@1/login tested",
                "State    NeedsReauth",
                "Reason   refresh token refused",
                "Checked  2024-05-02T08:30:00Z",
                "Subject",
                "  -"), output.lines());
    }

    @Test
    public void withoutTheConnectionServiceTheCommandsSaySo() {
        for (ConnectionCommand command : List.of(new ConnectionListCommand(),
                named(new ConnectionGetCommand(), "github/token@1", "mine", null, null),
                named(new ConnectionDeleteCommand(), "github/token@1", "mine", null, null),
                named(new ConnectionTestCommand(), "github/token@1", "mine", null, null))) {
            command.connections = null;
            try {
                command.execute();
                fail(command.getClass().getName());
            } catch (Exception e) {
                assertTrue(e.getMessage(), e instanceof IllegalStateException
                        && e.getMessage().startsWith("The Plugboard connection service is not available; are the "
                        + "io.plugboard.core and io.plugboard.extender bundles active?"));
            }
        }
        assertFalse(service.store.isEmpty());
        assertEquals(List.of(), service.deleted);
    }

    private void list(String type, String organization, String canvas) {
        ConnectionListCommand command = new ConnectionListCommand();
        command.connections = service;
        command.out = output.stream;
        command.type = type;
        command.organization = organization;
        command.canvas = canvas;
        command.execute();
    }

    private List<String> names() {
        List<List<String>> table = output.table();
        return table.subList(1, table.size()).stream().map(r -> r.get(1)).toList();
    }

    private void assertNotFound(NamedConnectionCommand command, String type, String name, String message) {
        assertNotFound(named(command, type, name, null, null), message);
    }

    private static void assertNotFound(NamedConnectionCommand command, String message) {
        try {
            command.execute();
            fail(message);
        } catch (Exception e) {
            assertTrue(e.toString(), e instanceof IllegalArgumentException);
            assertEquals(message, e.getMessage());
        }
    }

    private <T extends NamedConnectionCommand> T named(T command, String type, String name, String organization,
                                                       String canvas) {
        command.connections = service;
        command.out = output.stream;
        command.organization = organization;
        command.canvas = canvas;
        try {
            CommandAnnotationsTest.argument(command.getClass(), "type").set(command, type); // the argument fields
            CommandAnnotationsTest.argument(command.getClass(), "name").set(command, name);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
        return command;
    }
}
