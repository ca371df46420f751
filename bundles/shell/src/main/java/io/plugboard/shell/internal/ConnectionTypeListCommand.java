package io.plugboard.shell.internal;

import java.util.List;

import io.plugboard.api.connection.ConnectionType;
import io.plugboard.api.connection.InvalidConnectionType;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "plugboard", name = "connection-type-list",
        description = "Lists the connection types of the providers active right now, then the rejected type files",
        detailedDescription = "A connection type is a kind of credential a provider accepts, named "
                + "<provider>/<name>@<version>. plugboard:connection-type-info <type> shows one in detail.")
public class ConnectionTypeListCommand extends ConnectionCommand {

    @Option(name = "-p", aliases = "--provider", description = "Only the types of this provider (its id, e.g. github)")
    String provider;

    @Override
    public Object execute() {
        String only = blankToNull(provider);
        List<ConnectionType> types = registry().types().stream()
                .filter(t -> only == null || t.ref().provider().equals(only)).toList();
        List<InvalidConnectionType> invalid = registry().invalid().stream()
                .filter(i -> only == null || only.equals(i.provider())).toList();

        ShellTable table = new ShellTable();
        for (String column : List.of("Type", "Summary", "Sources", "Probe")) {
            table.column(column);
        }
        table.emptyTableText(only == null ? "No connection types: no active provider declares one."
                : "No connection types of provider '" + only + "'.");
        for (ConnectionType t : types) {
            table.addRow().addContent(t.ref().toString(), Format.orDash(t.summary()), sources(t),
                    t.probe() == null ? "no" : "yes");
        }
        table.print(out);

        if (!invalid.isEmpty()) {
            out.println();
            out.println("Invalid connection types:");
            ShellTable rejected = new ShellTable();
            for (String column : List.of("Provider", "File", "Reason")) {
                rejected.column(column);
            }
            for (InvalidConnectionType i : invalid) {
                rejected.addRow().addContent(Format.orDash(i.provider()), Format.orDash(i.file()),
                        Format.orDash(i.reason()));
            }
            rejected.print(out);
        }
        return null;
    }

    /** {@code default (Form), enterprise (OAuth2)}. */
    static String sources(ConnectionType type) {
        return Format.join(type.sources().stream().map(s -> s.name() + " (" + s.kind().kindName() + ")").toList());
    }
}
