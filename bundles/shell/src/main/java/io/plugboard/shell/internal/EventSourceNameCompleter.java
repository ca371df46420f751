package io.plugboard.shell.internal;

import io.plugboard.api.resource.Kind;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Completes the names of the existing event sources. */
@Service
public class EventSourceNameCompleter extends ResourceNameCompleter {

    @Override
    Kind kind() {
        return Kind.EVENT_SOURCE;
    }
}
