package io.plugboard.shell.internal;

import io.plugboard.api.connection.Connection;
import io.plugboard.api.connection.ConnectionNotFoundException;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "plugboard", name = "connection-delete", description = "Deletes a connection and its stored values",
        detailedDescription = "OAuth tokens are revoked at the provider first; if that fails nothing is deleted, "
                + "unless --force is given.")
public class ConnectionDeleteCommand extends ExistingConnectionCommand {

    @Option(name = "--force", aliases = "-f", description = "Delete even when revoking the credentials at the provider fails")
    boolean force;

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
