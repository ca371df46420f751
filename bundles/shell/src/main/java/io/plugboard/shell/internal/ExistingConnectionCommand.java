package io.plugboard.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;

/** A command on a connection that exists: its type and name as the two arguments, both completed. */
abstract class ExistingConnectionCommand extends NamedConnectionCommand {

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
}
