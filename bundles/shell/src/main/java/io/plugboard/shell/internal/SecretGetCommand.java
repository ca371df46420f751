package io.plugboard.shell.internal;

import io.plugboard.api.resource.Kind;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "plugboard", name = "secret-get",
        description = "Shows one secret as YAML: its key names, never their values")
public class SecretGetCommand extends ResourceGetCommand {

    @Argument(index = 0, name = "name", description = "Name of the secret", required = true)
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
