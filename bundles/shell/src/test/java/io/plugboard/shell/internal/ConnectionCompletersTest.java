package io.plugboard.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.plugboard.api.resource.Scope;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.support.completers.ArgumentCommandLine;
import org.junit.Test;

public class ConnectionCompletersTest {

    private final FakeConnectionService service = ConnectionFixtures.service();

    @Test
    public void typesComeFromTheRegistry() {
        ConnectionTypeCompleter completer = new ConnectionTypeCompleter();
        completer.registry = ConnectionFixtures.registry();
        assertEquals(List.of("github/app@1", "github/token@1", "semaphore/api@2"), completer.types());
        assertEquals(List.of("github/app@1", "github/token@1"), complete(completer, "plugboard:connection-get", "gi"));
        assertEquals(List.of("github/token@1"), complete(completer, "plugboard:connection-get", "github/t"));
        assertEquals(List.of("semaphore/api@2"), complete(completer, "plugboard:connection-list", "-t", "s"));
        assertEquals(List.of(), complete(completer, "plugboard:connection-get", "gitlab"));
        // Karaf checks a typed argument against its completer before completing the next one
        assertEquals(List.of("github/token@1"), verify(completer, "github/token@1"));
    }

    @Test
    public void namesAreThoseOfTheTypeInThePreviousArgument() {
        service.add(Scope.organization("default"), "github/token@1", "mine", null, Map.of());
        service.add(Scope.organization("acme"), "github/token@1", "mine", null, Map.of());
        service.add(Scope.organization("acme"), "github/token@1", "bot", null, Map.of());
        service.add(Scope.of("default", "canvas-1"), "semaphore/api@2", "ci", null, Map.of());
        service.add(Scope.organization("default"), "github/app@1", "mybot", null, Map.of());
        ConnectionNameCompleter completer = new ConnectionNameCompleter();
        completer.connections = service;

        assertEquals(List.of("bot", "mine"), complete(completer, "plugboard:connection-get", "github/token@1", ""));
        assertEquals(List.of("mine"), complete(completer, "plugboard:connection-delete", "-o", "acme",
                "github/token@1", "m"));
        assertEquals(List.of("mybot"), complete(completer, "plugboard:connection-test", "github/app@1", "m"));
        assertEquals(List.of(), complete(completer, "plugboard:connection-get", "github/app@1", "c"));
        // not a type before it: every name
        assertEquals(List.of("bot", "ci", "mine", "mybot"), complete(completer, "plugboard:connection-get", "github",
                ""));
        assertEquals(List.of("mine", "mybot"), verify(completer, "m"));
    }

    @Test
    public void completesNothingWithoutTheServices() {
        assertEquals(List.of(), new ConnectionTypeCompleter().types());
        assertEquals(List.of(), complete(new ConnectionTypeCompleter(), "plugboard:connection-get", ""));
        assertEquals(List.of(), new ConnectionNameCompleter().names(null));
        assertEquals(List.of(), complete(new ConnectionNameCompleter(), "plugboard:connection-get", "github/token@1",
                ""));
    }

    @Test
    public void thePreviousArgumentIsReadFromTheCommandLine() {
        assertEquals(ConnectionFixtures.GITHUB_TOKEN,
                ConnectionNameCompleter.previousType(new Line("plugboard:connection-get", "github/token@1", "x")));
        assertNull(ConnectionNameCompleter.previousType(new Line("plugboard:connection-get", "x")));
        assertNull(ConnectionNameCompleter.previousType(new ArgumentCommandLine("github/token@1", 14)));
    }

    private static List<String> complete(Completer completer, String... words) {
        List<String> candidates = new ArrayList<>();
        completer.complete(null, new Line(words), candidates);
        return candidates.stream().map(String::trim).sorted().toList();
    }

    /** What Karaf's ArgumentCompleter does with an argument already typed. */
    private static List<String> verify(Completer completer, String argument) {
        List<String> candidates = new ArrayList<>();
        completer.complete(null, new ArgumentCommandLine(argument, argument.length()), candidates);
        return candidates.stream().map(String::trim).sorted().toList();
    }

    /** The command line while the user types its last word. */
    private record Line(String... words) implements CommandLine {
        public int getCursorArgumentIndex() { return words.length - 1; }
        public String getCursorArgument() { return words[words.length - 1]; }
        public int getArgumentPosition() { return getCursorArgument().length(); }
        public String[] getArguments() { return words; }
        public int getBufferPosition() { return getBuffer().length(); }
        public String getBuffer() { return String.join(" ", words); }
    }
}
