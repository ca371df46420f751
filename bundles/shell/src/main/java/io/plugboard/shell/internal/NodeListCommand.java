package io.plugboard.shell.internal;

import java.io.PrintStream;

import io.plugboard.api.cluster.Cluster;
import io.plugboard.api.cluster.ClusterNode;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "plugboard", name = "node-list",
        description = "Lists the Plugboard nodes sharing this server's database: id, start, last heartbeat, version, "
                + "alive (a heartbeat within 15 s); * marks this node")
public class NodeListCommand implements Action {

    @Reference(optional = true)
    Cluster cluster;

    PrintStream out = System.out;

    @Override
    public Object execute() {
        if (cluster == null) {
            throw new IllegalStateException("The Plugboard cluster service is not available; is the io.plugboard.core "
                    + "bundle active and the database up? (see bundle:list, plugboard:health)");
        }
        ShellTable table = new ShellTable();
        table.column("Node");
        table.column("Started");
        table.column("Last heartbeat");
        table.column("Version");
        table.column("Database");
        table.column("Alive");
        table.emptyTableText("No nodes.");
        for (ClusterNode n : cluster.nodes()) {
            table.addRow().addContent((n.self() ? "* " : "  ") + n.id(), Format.time(n.startedAt()),
                    Format.time(n.heartbeatAt()), n.version(), n.database(), n.alive() ? "yes" : "no");
        }
        table.print(out);
        return null;
    }
}
