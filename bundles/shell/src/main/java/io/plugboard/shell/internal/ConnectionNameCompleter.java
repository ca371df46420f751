package io.plugboard.shell.internal;

import java.util.List;

import io.plugboard.api.connection.Connection;
import io.plugboard.api.connection.ConnectionService;
import io.plugboard.api.connection.ConnectionTypeRef;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/**
 * Completes the names of the existing connections, in every organization and canvas: those of the type typed in the
 * argument before the cursor when it is one ({@code connection-get github/token@1 <TAB>}), else of every type.
 */
@Service
public class ConnectionNameCompleter implements Completer {

    @Reference(optional = true)
    ConnectionService connections;

    /** The distinct names of connections of {@code type} ({@code null}: any), sorted; none without the service. */
    List<String> names(ConnectionTypeRef type) {
        if (connections == null) {
            return List.of();
        }
        return connections.list(null, type).stream().map(Connection::name).distinct().sorted().toList();
    }

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(names(previousType(commandLine))).complete(session, commandLine, candidates);
    }

    /** The argument before the one under the cursor, if it is a connection type. */
    static ConnectionTypeRef previousType(CommandLine commandLine) {
        String[] arguments = commandLine.getArguments();
        int previous = commandLine.getCursorArgumentIndex() - 1;
        if (arguments == null || previous < 0 || previous >= arguments.length) {
            return null;
        }
        try {
            return ConnectionTypeRef.parse(arguments[previous]);
        } catch (IllegalArgumentException notAType) {
            return null;
        }
    }
}
