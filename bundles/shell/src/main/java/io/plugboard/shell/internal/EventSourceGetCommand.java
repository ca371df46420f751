package io.plugboard.shell.internal;

import io.plugboard.api.resource.Kind;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "plugboard", name = "eventsource-get",
        description = "Shows one event source as YAML, in the document format of plugboard:apply")
public class EventSourceGetCommand extends ResourceGetCommand {

    @Argument(index = 0, name = "name", description = "Name of the event source", required = true)
    @Completion(EventSourceNameCompleter.class)
    String name;

    @Override
    Kind kind() {
        return Kind.EVENT_SOURCE;
    }

    @Override
    String name() {
        return name;
    }
}
