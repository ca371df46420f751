package io.plugboard.shell.internal;

import java.util.List;

import io.plugboard.api.resource.Kind;
import io.plugboard.api.resource.Resource;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "plugboard", name = "secret-list",
        description = "Lists the secrets with their key names (never their values)")
public class SecretListCommand extends ResourceListCommand {

    @Override
    Kind kind() {
        return Kind.SECRET;
    }

    @Override
    List<String> extraColumns() {
        return List.of("Keys");
    }

    @Override
    List<Object> extraCells(Resource resource) {
        return List.of(Format.join(resource.secretKeys()));
    }
}
