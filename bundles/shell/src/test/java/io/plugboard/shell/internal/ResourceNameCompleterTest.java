package io.plugboard.shell.internal;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.plugboard.api.resource.Kind;
import io.plugboard.api.resource.ResourceRef;
import io.plugboard.api.resource.Scope;
import org.apache.karaf.shell.api.console.CommandLine;
import org.junit.Test;

public class ResourceNameCompleterTest {

    private final FakeResourceService service = new FakeResourceService();

    @Test
    public void completesDistinctNamesOfTheRightKindAcrossScopes() {
        add(Kind.SECRET, Scope.organization("default"), "semaphore");
        add(Kind.SECRET, Scope.of("default", "canvas-1"), "semaphore");
        add(Kind.SECRET, Scope.organization("acme"), "github");
        add(Kind.INTEGRATION, Scope.organization("default"), "semaphore-integration");
        add(Kind.EVENT_SOURCE, Scope.organization("default"), "push-events");

        assertEquals(List.of("github", "semaphore"), completer(new SecretNameCompleter()).names());
        assertEquals(List.of("semaphore-integration"), completer(new IntegrationNameCompleter()).names());
        assertEquals(List.of("push-events"), completer(new EventSourceNameCompleter()).names());

        assertEquals(List.of("semaphore"), complete(completer(new SecretNameCompleter()), "se"));
        assertEquals(List.of("github", "semaphore"), complete(completer(new SecretNameCompleter()), ""));
        assertEquals(List.of(), complete(completer(new IntegrationNameCompleter()), "gi"));
    }

    @Test
    public void completesNothingWithoutTheService() {
        SecretNameCompleter completer = new SecretNameCompleter();
        assertEquals(List.of(), completer.names());
        assertEquals(List.of(), complete(completer, ""));
    }

    private void add(Kind kind, Scope scope, String name) {
        service.store(new ResourceRef(kind, scope, name), Map.of(), Map.of());
    }

    private <T extends ResourceNameCompleter> T completer(T completer) {
        completer.resources = service;
        return completer;
    }

    private List<String> complete(ResourceNameCompleter completer, String typed) {
        List<String> candidates = new ArrayList<>();
        completer.complete(null, new TypedWord(typed), candidates);
        return candidates.stream().map(String::trim).sorted().toList();
    }

    /** The command line while the user types the first argument. */
    private record TypedWord(String word) implements CommandLine {
        public int getCursorArgumentIndex() { return 1; }
        public String getCursorArgument() { return word; }
        public int getArgumentPosition() { return word.length(); }
        public String[] getArguments() { return new String[] {"plugboard:secret-get", word}; }
        public int getBufferPosition() { return getBuffer().length(); }
        public String getBuffer() { return "plugboard:secret-get " + word; }
    }
}
