package io.plugboard.shell.internal;

import java.util.List;

import io.plugboard.api.event.Event;
import io.plugboard.api.event.EventQuery;
import io.plugboard.api.event.EventService;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the ids of the 50 newest events. */
@Service
public class EventIdCompleter implements Completer {

    @Reference(optional = true)
    EventService events;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        if (events != null) {
            events.list(new EventQuery(null, null, null, null, 50, 0)).stream().map(Event::id)
                    .forEach(delegate.getStrings()::add);
        }
        return delegate.complete(session, commandLine, candidates);
    }
}
