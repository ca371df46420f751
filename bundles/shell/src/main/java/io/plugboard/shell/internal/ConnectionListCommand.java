package io.plugboard.shell.internal;

import java.util.List;

import io.plugboard.api.connection.Connection;
import io.plugboard.api.connection.ConnectionTypeRef;
import io.plugboard.api.resource.Scope;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "plugboard", name = "connection-list",
        description = "Lists the connections with the verdict of their last test and whom they belong to",
        detailedDescription = "Status is the last probe's verdict: Unknown (not tested yet, or its type has no "
                + "probe), Healthy, Unhealthy or NeedsReauth. plugboard:connection-test <type> <name> tests one now. "
                + "Stored values are never shown.")
public class ConnectionListCommand extends ConnectionCommand {

    @Option(name = "-t", aliases = "--type", description = "Only connections of this type, e.g. github/token@1")
    @Completion(ConnectionTypeCompleter.class)
    String type;

    @Option(name = "-o", aliases = "--organization", description = "Only this organization (default: all)")
    String organization;

    @Option(name = "-c", aliases = "--canvas",
            description = "Only this canvas (default: any, organization-wide connections included)")
    String canvas;

    @Override
    public Object execute() {
        ConnectionTypeRef ref = blankToNull(type) == null ? null : typeRef(type);
        String org = blankToNull(organization);
        String canvasId = blankToNull(canvas);
        ShellTable table = new ShellTable();
        for (String column : List.of("Type", "Name", "Scope", "Status", "Subject", "Checked")) {
            table.column(column);
        }
        table.emptyTableText(emptyText(ref, org, canvasId));
        for (Connection c : connections().list(null, ref)) {
            Scope s = c.scope();
            if ((org == null || s != null && org.equals(s.organization()))
                    && (canvasId == null || s != null && canvasId.equals(s.canvasId()))) {
                table.addRow().addContent(c.type().toString(), c.name(), s == null ? "-" : s.toString(),
                        c.status().state().toString(), subject(c.subject()), Format.time(c.status().checkedAt()));
            }
        }
        table.print(out);
        return null;
    }

    private static String emptyText(ConnectionTypeRef ref, String org, String canvasId) {
        String what = ref == null ? "No connections" : "No connections of type " + ref;
        String where = "";
        if (canvasId != null) {
            where = org == null ? " in canvas '" + canvasId + "'" : " in " + Format.describe(new Scope(org, canvasId));
        } else if (org != null) {
            where = " in " + Format.describe(Scope.organization(org));
        }
        return what + where + ". Create one with plugboard:connection-create <type> <name>.";
    }
}
