package io.plugboard.shell.internal;

import io.plugboard.api.event.Delivery;
import io.plugboard.api.event.Event;
import io.plugboard.api.event.EventDetail;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "plugboard", name = "event-replay",
        description = "Queues every delivery of an event again, now",
        detailedDescription = "Dead deliveries get another round of attempts; an event that matched no event source "
                + "is matched again. Prints what was queued.")
public class EventReplayCommand extends EventCommand {

    @Argument(index = 0, name = "id", description = "Event id (see plugboard:event-list)", required = true)
    @Completion(EventIdCompleter.class)
    String id;

    @Override
    public Object execute() {
        event(id);                                  // a clear message for an unknown id
        EventDetail replayed = events().replay(id);
        Event e = replayed.event();
        out.println("Event " + e.id() + " (" + e.provider() + "/" + e.eventType() + ", delivery " + e.deliveryId()
                + ") replayed: " + (e.status() == null ? "-" : e.status().label()));
        if (replayed.deliveries() == null || replayed.deliveries().isEmpty()) {
            out.println("  nothing queued: no event source matches it");
            return null;
        }
        for (Delivery d : replayed.deliveries()) {
            out.println("  queued " + EventText.target(d) + (d.forwardUrl() == null ? "" : " (" + d.forwardUrl() + ")")
                    + ": " + EventText.state(d));
        }
        return null;
    }
}
