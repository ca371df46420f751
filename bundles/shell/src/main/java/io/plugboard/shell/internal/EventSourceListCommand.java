package io.plugboard.shell.internal;

import java.util.List;

import io.plugboard.api.resource.Kind;
import io.plugboard.api.resource.Resource;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "plugboard", name = "eventsource-list",
        description = "Lists the event sources with the integration each one uses")
public class EventSourceListCommand extends ResourceListCommand {

    @Override
    Kind kind() {
        return Kind.EVENT_SOURCE;
    }

    @Override
    List<String> extraColumns() {
        return List.of("Integration");
    }

    /** {@code spec.integration} as {@code <domain>/<name>}, e.g. {@code ORGANIZATION/semaphore}. */
    @Override
    List<Object> extraCells(Resource resource) {
        Object domain = Format.path(resource.spec(), "integration.domain");
        Object name = Format.path(resource.spec(), "integration.name");
        String integration = name == null ? "-" : domain == null ? name.toString() : domain + "/" + name;
        return List.of(integration);
    }
}
