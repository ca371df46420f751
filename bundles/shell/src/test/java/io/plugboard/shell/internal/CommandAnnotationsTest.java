package io.plugboard.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.Terminal;
import org.apache.karaf.shell.impl.action.command.DefaultActionPreparator;
import org.junit.Test;

/** What Karaf reads from the annotations: every command is found, documented, and its --help and options parse. */
public class CommandAnnotationsTest {

    private static final List<Class<? extends Action>> COMMANDS = List.of(
            ApplyCommand.class,
            SecretListCommand.class, SecretGetCommand.class, SecretDeleteCommand.class, SecretSetCommand.class,
            IntegrationListCommand.class, IntegrationGetCommand.class, IntegrationDeleteCommand.class,
            EventSourceListCommand.class, EventSourceGetCommand.class, EventSourceDeleteCommand.class,
            KeyListCommand.class, KeyRotateCommand.class,
            EventListCommand.class, EventShowCommand.class, EventReplayCommand.class, EventTailCommand.class,
            ConnectionTypeListCommand.class, ConnectionTypeInfoCommand.class, ConnectionCreateCommand.class,
            ConnectionListCommand.class, ConnectionGetCommand.class, ConnectionDeleteCommand.class,
            ConnectionTestCommand.class, ConnectCommand.class, WebhookCountersCommand.class);

    @Test
    public void everyCommandAndEveryArgumentAndOptionIsDescribed() {
        Set<String> names = new HashSet<>();
        for (Class<? extends Action> type : COMMANDS) {
            assertNotNull(type + " is not a Karaf service", type.getAnnotation(Service.class));
            Command command = type.getAnnotation(Command.class);
            assertEquals("plugboard", command.scope());
            assertTrue(names.add(command.name()));
            assertFalse(type.getName(), command.description().isBlank());
            for (Class<?> c = type; c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    Argument argument = f.getAnnotation(Argument.class);
                    Option option = f.getAnnotation(Option.class);
                    if (argument != null) {
                        assertFalse(f.toString(), argument.description().isBlank());
                    }
                    if (option != null) {
                        assertFalse(f.toString(), option.description().isBlank());
                    }
                    Completion completion = f.getAnnotation(Completion.class);
                    if (completion != null) {
                        assertNotNull(completion.value() + " must be a Karaf service to be found",
                                completion.value().getAnnotation(Service.class));
                    }
                }
            }
        }
    }

    @Test
    public void helpListsTheInheritedOptions() throws Exception {
        String help = help(new IntegrationDeleteCommand());
        assertTrue(help, help.contains("plugboard:integration-delete [options] name"));
        assertTrue(help, help.contains("--cascade"));
        assertTrue(help, help.contains("-o, --organization"));
        assertTrue(help, help.contains("-c, --canvas"));
        for (Class<? extends Action> type : COMMANDS) {
            assertTrue(type.getName(), help(type.getDeclaredConstructor().newInstance()).contains("DESCRIPTION"));
        }
    }

    @Test
    public void optionsOfTheBaseClassAndArgumentsOfTheKindAreParsed() throws Exception {
        IntegrationDeleteCommand delete = new IntegrationDeleteCommand();
        assertTrue(new DefaultActionPreparator().prepare(delete, session(System.out),
                List.of("-o", "acme", "--cascade", "-c", "canvas-1", "github")));
        assertEquals(List.of("acme", "canvas-1", "github", true),
                List.of(delete.organization, delete.canvas, delete.name, delete.cascade));

        EventListCommand events = new EventListCommand();
        assertTrue(new DefaultActionPreparator().prepare(events, session(System.out),
                List.of("-i", "uid-1", "-e", "pushes", "-s", "dead", "--since", "2024-05-01T10:00:00Z", "-n", "5")));
        assertEquals(List.of("uid-1", "pushes", "dead", "2024-05-01T10:00:00Z", 5),
                List.of(events.integration, events.eventSource, events.status, events.since, events.limit));
        EventListCommand defaults = new EventListCommand();
        assertTrue(new DefaultActionPreparator().prepare(defaults, session(System.out), List.of()));
        assertEquals(20, defaults.limit);

        EventTailCommand tail = new EventTailCommand();
        assertTrue(new DefaultActionPreparator().prepare(tail, session(System.out),
                List.of("--event-source", "pushes", "--integration", "uid-1")));
        assertEquals(List.of("pushes", "uid-1"), List.of(tail.eventSource, tail.integration));

        ApplyCommand apply = new ApplyCommand();
        assertTrue(new DefaultActionPreparator().prepare(apply, session(System.out), List.of("a.yaml", "dir")));
        assertEquals(List.of("a.yaml", "dir"), apply.paths);
    }

    @Test
    public void connectionCommandsParseTypeNameScopeAndRepeatedSet() throws Exception {
        ConnectionCreateCommand create = new ConnectionCreateCommand();
        assertTrue(new DefaultActionPreparator().prepare(create, session(System.out), List.of("-o", "acme",
                "--source", "enterprise", "--set", "organization=acme-org", "--set", "timeout=60", "-c", "canvas-1",
                "semaphore/api@2", "ci")));
        assertEquals(List.of("acme", "canvas-1", "enterprise", List.of("organization=acme-org", "timeout=60"),
                "semaphore/api@2", "ci"),
                List.of(create.organization, create.canvas, create.source, create.set, create.type, create.name));

        ConnectionDeleteCommand delete = new ConnectionDeleteCommand();
        assertTrue(new DefaultActionPreparator().prepare(delete, session(System.out),
                List.of("--organization", "acme", "github/token@1", "mine")));
        assertEquals(List.of("acme", "github/token@1", "mine"), List.of(delete.organization, delete.type, delete.name));

        ConnectionListCommand list = new ConnectionListCommand();
        assertTrue(new DefaultActionPreparator().prepare(list, session(System.out),
                List.of("-t", "github/token@1", "-c", "canvas-1")));
        assertEquals(List.of("github/token@1", "canvas-1"), List.of(list.type, list.canvas));

        ConnectionTypeListCommand types = new ConnectionTypeListCommand();
        assertTrue(new DefaultActionPreparator().prepare(types, session(System.out), List.of("--provider", "github")));
        assertEquals("github", types.provider);

        String help = help(new ConnectionGetCommand());
        assertTrue(help, help.contains("plugboard:connection-get [options] type name"));
        assertTrue(help, help.contains("-o, --organization"));
    }

    @Test
    public void connectionTypeAndNameArgumentsCompleteFromTheConnectionServices() throws Exception {
        for (Class<? extends NamedConnectionCommand> type : List.of(ConnectionGetCommand.class,
                ConnectionDeleteCommand.class, ConnectionTestCommand.class, ConnectionCreateCommand.class, ConnectCommand.class)) {
            assertEquals(type.getName(), ConnectionTypeCompleter.class,
                    argument(type, "type").getAnnotation(Completion.class).value());
            Completion name = argument(type, "name").getAnnotation(Completion.class);
            if (type == ConnectionCreateCommand.class) {
                assertEquals("a new name has nothing to complete", null, name);
            } else {
                assertEquals(type.getName(), ConnectionNameCompleter.class, name.value());
            }
        }
        assertEquals(ConnectionTypeCompleter.class,
                ConnectionListCommand.class.getDeclaredField("type").getAnnotation(Completion.class).value());
        assertEquals(ConnectionTypeCompleter.class,
                ConnectionTypeInfoCommand.class.getDeclaredField("type").getAnnotation(Completion.class).value());
    }

    private static String help(Action action) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream console = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        PrintStream saved = System.out;
        System.setOut(console);
        try {
            assertFalse(new DefaultActionPreparator().prepare(action, session(console), List.of("--help")));
        } finally {
            System.setOut(saved);
        }
        return bytes.toString(StandardCharsets.UTF_8).replaceAll("\u001B\\[[0-9;]*m", "");
    }

    private static Session session(PrintStream console) {
        Terminal terminal = (Terminal) Proxy.newProxyInstance(Terminal.class.getClassLoader(),
                new Class<?>[] {Terminal.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getWidth" -> 120;
                    case "getHeight" -> 40;
                    default -> method.getReturnType() == boolean.class ? false : null;
                });
        return (Session) Proxy.newProxyInstance(Session.class.getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getTerminal" -> terminal;
                    case "getConsole" -> console;
                    default -> null;
                });
    }

    /** The argument field {@code name} of a command, declared by it or by a base class. */
    static java.lang.reflect.Field argument(Class<?> command, String name) throws NoSuchFieldException {
        for (Class<?> c = command; c != Object.class; c = c.getSuperclass()) {
            try {
                return c.getDeclaredField(name);
            } catch (NoSuchFieldException notHere) {
                // look in the base class
            }
        }
        throw new NoSuchFieldException(command.getName() + "." + name);
    }
}
