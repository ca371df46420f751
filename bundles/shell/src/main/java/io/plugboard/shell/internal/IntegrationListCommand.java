package io.plugboard.shell.internal;

import java.util.List;

import io.plugboard.api.resource.Kind;
import io.plugboard.api.resource.Resource;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "plugboard", name = "integration-list",
        description = "Lists the integrations with their type and phase")
public class IntegrationListCommand extends ResourceListCommand {

    @Override
    Kind kind() {
        return Kind.INTEGRATION;
    }

    @Override
    List<String> extraColumns() {
        return List.of("Type", "Phase");
    }

    @Override
    List<Object> extraCells(Resource resource) {
        return List.of(Format.orDash(resource.spec().get("type")), Format.orDash(resource.status().get("phase")));
    }
}
