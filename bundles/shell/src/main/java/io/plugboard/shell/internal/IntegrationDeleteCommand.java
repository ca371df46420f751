package io.plugboard.shell.internal;

import io.plugboard.api.resource.Kind;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "plugboard", name = "integration-delete",
        description = "Deletes an integration; refused while event sources use it, unless --cascade")
public class IntegrationDeleteCommand extends ResourceDeleteCommand {

    @Argument(index = 0, name = "name", description = "Name of the integration to delete", required = true)
    @Completion(IntegrationNameCompleter.class)
    String name;

    @Option(name = "--cascade", description = "Also delete the event sources that use the integration")
    boolean cascade;

    @Override
    Kind kind() {
        return Kind.INTEGRATION;
    }

    @Override
    String name() {
        return name;
    }

    @Override
    boolean cascade() {
        return cascade;
    }
}
