package io.plugboard.shell.internal;

import io.plugboard.api.connection.Connection;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "plugboard", name = "connection-get",
        description = "Shows one connection: its type, source, scope, status and subject, never its stored values")
public class ConnectionGetCommand extends ExistingConnectionCommand {

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
