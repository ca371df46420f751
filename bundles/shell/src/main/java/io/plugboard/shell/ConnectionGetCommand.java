package io.plugboard.shell;

import io.plugboard.api.connection.Connection;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "plugboard", name = "connection-get",
        description = "Shows one connection: its type, source, scope, status and subject, never its stored values")
public class ConnectionGetCommand extends NamedConnectionCommand {

    @Argument(index = 0, name = "type", required = true,
            description = "Connection type, <provider>/<name>@<version>, e.g. github/token@1")
    @Completion(ConnectionTypeCompleter.class)
    String type;

    @Argument(index = 1, name = "name", description = "Name of the connection", required = true)
    @Completion(ConnectionNameCompleter.class)
    String name;

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
        out.println("UID       " + c.uid());
        out.println("Type      " + c.type());
        out.println("Name      " + c.name());
        out.println("Source    " + Format.orDash(c.source()));
        out.println("Scope     " + (c.scope() == null ? "-" : c.scope().toString()));
        out.println("Status    " + c.status().state());
        out.println("Reason    " + Format.orDash(c.status().reason()));
        out.println("Checked   " + Format.time(c.status().checkedAt()));
        out.println("Subject");
        printSubject(c.subject());
        out.println("Created   " + Format.time(c.createdAt()));
        out.println("Updated   " + Format.time(c.updatedAt()));
        return null;
    }
}
