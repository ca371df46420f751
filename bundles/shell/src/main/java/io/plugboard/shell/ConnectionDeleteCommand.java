package io.plugboard.shell;

import io.plugboard.api.connection.Connection;
import io.plugboard.api.connection.ConnectionNotFoundException;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "plugboard", name = "connection-delete", description = "Deletes a connection and its stored values",
        detailedDescription = "OAuth tokens are revoked at the provider first; if that fails nothing is deleted, "
                + "unless --force is given.")
public class ConnectionDeleteCommand extends NamedConnectionCommand {

    @Argument(index = 0, name = "type", required = true,
            description = "Connection type, <provider>/<name>@<version>, e.g. github/token@1")
    @Completion(ConnectionTypeCompleter.class)
    String type;

    @Argument(index = 1, name = "name", description = "Name of the connection to delete", required = true)
    @Completion(ConnectionNameCompleter.class)
    String name;

    @Option(name = "--force", aliases = "-f", description = "Delete even when revoking the credentials at the provider fails")
    boolean force;

    @Override
    String typeArgument() {
        return type;
    }

    @Override
    String name() {
        return name;
    }

    @Override
    public Object execute() {
        Connection c = connection();
        try {
            connections().delete(c.uid(), force);
        } catch (ConnectionNotFoundException goneMeanwhile) {
            throw notFound(c.type());
        }
        out.println(label(c) + " deleted");
        return null;
    }
}
