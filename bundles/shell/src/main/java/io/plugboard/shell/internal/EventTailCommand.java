package io.plugboard.shell.internal;

import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.plugboard.api.event.EventService;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * Follows the events being dispatched, as core posts them to EventAdmin, until Ctrl-C. The handler only queues
 * (EventAdmin's thread never waits for the console); the command thread prints.
 */
@Service
@Command(scope = "plugboard", name = "event-tail",
        description = "Prints events as they are dispatched to event sources, until Ctrl-C",
        detailedDescription = "One line per event and event source: <time> <provider>/<eventType> <deliveryId> -> "
                + "<eventSource> (<event id>).")
public class EventTailCommand implements Action {

    /** Events waiting to be printed; more are counted and reported as skipped. */
    static final int QUEUE_CAPACITY = 1000;

    @Option(name = "-e", aliases = "--event-source", description = "Only events for this event source (its name)")
    String eventSource;

    @Option(name = "-i", aliases = "--integration", description = "Only events of this integration (its uid)")
    String integration;

    @Reference
    BundleContext bundleContext;

    PrintStream out = System.out;
    Clock clock = Clock.systemUTC();

    @Override
    public Object execute() {
        String source = EventCommand.blankToNull(eventSource);
        String uid = EventCommand.blankToNull(integration);
        BlockingQueue<Event> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
        AtomicLong skipped = new AtomicLong();
        EventHandler handler = event -> {
            if (matches(event, source, uid) && !queue.offer(event)) {
                skipped.incrementAndGet();
            }
        };
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(EventConstants.EVENT_TOPIC, EventService.TOPIC_PREFIX + "*");
        String filter = filter(source, uid);
        if (filter != null) {
            properties.put(EventConstants.EVENT_FILTER, filter);
        }
        ServiceRegistration<EventHandler> registration = bundleContext.registerService(EventHandler.class, handler,
                properties);
        try {
            out.println("Following events" + describe(source, uid) + "; press Ctrl-C to stop.");
            out.flush();
            while (!Thread.currentThread().isInterrupted()) {
                Event event = queue.poll(1, TimeUnit.SECONDS);
                long missed = skipped.getAndSet(0);
                if (missed > 0) {
                    out.println("... " + missed + (missed == 1 ? " event" : " events") + " skipped (the console did not keep up)");
                }
                if (event != null) {
                    out.println(line(event));
                    out.flush();
                }
            }
        } catch (InterruptedException e) {
            // Ctrl-C
        } finally {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        }
        return null;
    }

    /** {@code <time> <provider>/<eventType> <deliveryId> -> <eventSource> (<event id>)}; the time is now, UTC. */
    String line(Event event) {
        return Format.time(clock.instant()) + " " + text(event, "provider") + "/" + text(event, "eventType") + " "
                + text(event, "deliveryId") + " -> " + text(event, "eventSource") + " (" + text(event, "id") + ")";
    }

    static boolean matches(Event event, String eventSource, String integration) {
        return (eventSource == null || eventSource.equals(event.getProperty("eventSource")))
                && (integration == null || integration.equals(event.getProperty("integration")));
    }

    /** The same filter for EventAdmin, so that it does not even call the handler for other events. */
    static String filter(String eventSource, String integration) {
        List<String> terms = new ArrayList<>();
        if (eventSource != null) {
            terms.add("(eventSource=" + ldapValue(eventSource) + ")");
        }
        if (integration != null) {
            terms.add("(integration=" + ldapValue(integration) + ")");
        }
        if (terms.isEmpty()) {
            return null;
        }
        return terms.size() == 1 ? terms.get(0) : "(&" + String.join("", terms) + ")";
    }

    private static String ldapValue(String value) {
        StringBuilder s = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == '*' || c == '(' || c == ')') {
                s.append('\\');
            }
            s.append(c);
        }
        return s.toString();
    }

    private static String describe(String eventSource, String integration) {
        List<String> parts = new ArrayList<>();
        if (eventSource != null) {
            parts.add("for event source '" + eventSource + "'");
        }
        if (integration != null) {
            parts.add("of integration " + integration);
        }
        return parts.isEmpty() ? "" : " " + String.join(" ", parts);
    }

    private static String text(Event event, String property) {
        Object value = event.getProperty(property);
        return value == null || value.toString().isEmpty() ? "-" : value.toString();
    }
}
