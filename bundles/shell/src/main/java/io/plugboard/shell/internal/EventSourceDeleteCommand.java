package io.plugboard.shell.internal;

import io.plugboard.api.resource.Kind;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "plugboard", name = "eventsource-delete", description = "Deletes an event source")
public class EventSourceDeleteCommand extends ResourceDeleteCommand {

    @Argument(index = 0, name = "name", description = "Name of the event source to delete", required = true)
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
