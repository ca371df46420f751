package io.plugboard.shell.internal;

import io.plugboard.api.resource.Kind;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "plugboard", name = "integration-get",
        description = "Shows one integration as YAML, in the document format of plugboard:apply, with its status")
public class IntegrationGetCommand extends ResourceGetCommand {

    @Argument(index = 0, name = "name", description = "Name of the integration", required = true)
    @Completion(IntegrationNameCompleter.class)
    String name;

    @Override
    Kind kind() {
        return Kind.INTEGRATION;
    }

    @Override
    String name() {
        return name;
    }
}
