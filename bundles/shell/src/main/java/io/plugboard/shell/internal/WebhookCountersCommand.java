package io.plugboard.shell.internal;

import java.io.PrintStream;

import io.plugboard.api.event.WebhookCounters;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "plugboard", name = "webhook-counters",
        description = "Shows what the webhook endpoint and the dispatcher have counted since they started: received, "
                + "accepted, duplicates, rejected (signature or content not verified), too large, delivered, dead, ...")
public class WebhookCountersCommand implements Action {

    @Reference(optional = true)
    WebhookCounters counters;

    PrintStream out = System.out;

    @Override
    public Object execute() {
        if (counters == null) {
            throw new IllegalStateException("The webhook counters are not available; is the io.plugboard.webhooks bundle "
                    + "active? (see bundle:list)");
        }
        ShellTable table = new ShellTable();
        table.column("Counter");
        table.column("Count").alignRight();
        counters.counters().forEach((name, count) -> table.addRow().addContent(name, count));
        table.print(out);
        return null;
    }
}
