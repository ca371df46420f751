package io.plugboard.shell.internal;

import java.util.List;

import io.plugboard.api.connection.ConnectionTypeRegistry;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the connection types of the providers active right now: {@code github/token@1}. */
@Service
public class ConnectionTypeCompleter implements Completer {

    @Reference(optional = true)
    ConnectionTypeRegistry registry;

    /** The types, sorted; none when the registry is not available. */
    List<String> types() {
        if (registry == null) {
            return List.of();
        }
        return registry.types().stream().map(t -> t.ref().toString()).distinct().sorted().toList();
    }

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(types()).complete(session, commandLine, candidates);
    }
}
