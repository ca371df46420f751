package io.plugboard.shell.internal;

import java.util.Map;
import java.util.TreeMap;

import io.plugboard.api.event.Attempt;
import io.plugboard.api.event.Delivery;
import io.plugboard.api.event.Event;
import io.plugboard.api.event.EventDetail;
import io.plugboard.api.event.EventStatus;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "plugboard", name = "event-show",
        description = "Shows one event: its fields, headers, body and deliveries with every attempt",
        detailedDescription = "A JSON body is pretty-printed; bodies over 4 KB are cut (GET /api/v1/events/<id> has "
                + "the whole body).")
public class EventShowCommand extends EventCommand {

    @Argument(index = 0, name = "id", description = "Event id (see plugboard:event-list)", required = true)
    @Completion(EventIdCompleter.class)
    String id;

    @Override
    public Object execute() {
        EventDetail detail = event(id);
        Event e = detail.event();
        out.println("ID           " + e.id());
        out.println("Received     " + (e.receivedAt() == null ? "-" : e.receivedAt()));
        out.println("Integration  " + Format.orDash(e.integrationUid()));
        out.println("Provider     " + Format.orDash(e.provider()));
        out.println("Event type   " + Format.orDash(e.eventType()));
        out.println("Delivery ID  " + Format.orDash(e.deliveryId()));
        out.println("Status       " + (e.status() == null ? "-" : e.status().label()));
        out.println("Headers");
        Map<String, String> headers = e.headers() == null ? Map.of() : new TreeMap<>(e.headers());
        if (headers.isEmpty()) {
            out.println("  -");
        }
        headers.forEach((name, value) -> out.println("  " + name + ": " + value));
        out.println("Body");
        for (String line : EventText.body(e.id(), detail.body()).split("\n", -1)) {
            out.println("  " + line);
        }
        out.println("Deliveries");
        if (detail.deliveries() == null || detail.deliveries().isEmpty()) {
            out.println(e.status() == EventStatus.UNMATCHED ? "  none: no event source matched" : "  none");
            return null;
        }
        for (Delivery d : detail.deliveries()) {
            out.println("  " + EventText.target(d) + ": " + EventText.state(d));
            if (d.forwardUrl() != null) {
                out.println("    forward to " + d.forwardUrl());
            }
            if (d.attemptLog() != null) {
                for (Attempt a : d.attemptLog()) {
                    out.println("    " + EventText.attempt(a));
                }
            }
        }
        return null;
    }
}
