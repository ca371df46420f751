package io.plugboard.shell.internal;

import java.util.ArrayList;
import java.util.List;

import io.plugboard.api.event.Event;
import io.plugboard.api.event.EventQuery;
import io.plugboard.api.resource.Kind;
import io.plugboard.api.resource.Resource;
import io.plugboard.api.resource.ResourceNotFoundException;
import io.plugboard.api.resource.ResourceService;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "plugboard", name = "event-list", description = "Lists received events, newest first",
        detailedDescription = "Status: pending (a delivery waits for its next attempt), delivered, dead (a delivery "
                + "failed its last attempt: see plugboard:event-replay) or unmatched (no event source matched). "
                + "plugboard:event-show <id> shows one event with its deliveries.")
public class EventListCommand extends EventCommand {

    static final int DEFAULT_LIMIT = 20;

    @Option(name = "-i", aliases = "--integration", description = "Only events of this integration (its name or uid)")
    @Completion(IntegrationNameCompleter.class)
    String integration;

    @Option(name = "-e", aliases = "--event-source", description = "Only events for this event source (its name or uid)")
    @Completion(EventSourceNameCompleter.class)
    String eventSource;

    @Reference(optional = true)
    ResourceService resources;

    @Option(name = "-s", aliases = "--status", description = "Only events in this status: pending, delivered, dead or unmatched")
    String status;

    @Option(name = "--since", description = "Only events received at or after this ISO-8601 instant, e.g. 2024-05-01T10:00:00Z")
    String since;

    @Option(name = "-n", aliases = "--limit", description = "At most this many events (1 to 1000, default 20)")
    int limit = DEFAULT_LIMIT;

    @Override
    public Object execute() {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("--limit must be between 1 and 1000, not " + limit + ".");
        }
        String integrationUid = blankToNull(integration) == null ? null : resolve(Kind.INTEGRATION, integration).uid();
        String eventSourceName = blankToNull(eventSource) == null ? null : resolve(Kind.EVENT_SOURCE, eventSource).name();
        EventQuery query = new EventQuery(integrationUid, eventSourceName, status(status),
                instant("--since", since), limit, 0);
        ShellTable table = new ShellTable();
        for (String column : List.of("ID", "Received", "Provider", "Event type", "Delivery ID", "Status")) {
            table.column(column);
        }
        table.emptyTableText(emptyText(query));
        for (Event e : events().list(query)) {
            table.addRow().addContent(e.id(), Format.time(e.receivedAt()), Format.orDash(e.provider()),
                    Format.orDash(e.eventType()), Format.orDash(e.deliveryId()),
                    e.status() == null ? "-" : e.status().label());
        }
        table.print(out);
        return null;
    }

    private Resource resolve(Kind kind, String nameOrUid) {
        if (resources == null) {
            throw new IllegalStateException("The Plugboard resource service is not available; "
                    + "is the io.plugboard.core bundle active? (see bundle:list)");
        }
        try {
            return resources.resolve(kind, nameOrUid.trim(), null);
        } catch (ResourceNotFoundException e) {
            throw new IllegalArgumentException("No " + kind.kindName() + " '" + nameOrUid.trim() + "'. See plugboard:"
                    + (kind == Kind.INTEGRATION ? "integration-list." : "eventsource-list."));
        }
    }

    private static String emptyText(EventQuery query) {
        List<String> filters = new ArrayList<>();
        if (query.integrationUid() != null) {
            filters.add("integration " + query.integrationUid());
        }
        if (query.eventSource() != null) {
            filters.add("event source '" + query.eventSource() + "'");
        }
        if (query.status() != null) {
            filters.add("status " + query.status().label());
        }
        if (query.since() != null) {
            filters.add("since " + Format.time(query.since()));
        }
        return filters.isEmpty() ? "No events yet." : "No events with " + String.join(", ", filters) + ".";
    }
}
