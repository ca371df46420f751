package io.plugboard.shell.internal;

import io.plugboard.api.resource.Kind;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "plugboard", name = "secret-delete",
        description = "Deletes a secret with all its values; refused while integrations refer to it")
public class SecretDeleteCommand extends ResourceDeleteCommand {

    @Argument(index = 0, name = "name", description = "Name of the secret to delete", required = true)
    @Completion(SecretNameCompleter.class)
    String name;

    @Override
    Kind kind() {
        return Kind.SECRET;
    }

    @Override
    String name() {
        return name;
    }
}
