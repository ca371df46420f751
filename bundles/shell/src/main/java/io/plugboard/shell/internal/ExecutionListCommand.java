package io.plugboard.shell.internal;

import java.util.Locale;

import io.plugboard.api.execution.Execution;
import io.plugboard.api.execution.ExecutionQuery;
import io.plugboard.api.execution.ExecutionService;
import io.plugboard.api.execution.ExecutionState;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "plugboard", name = "execution-list", description = "Lists executions of actions, newest first")
public class ExecutionListCommand implements Action {

    @Option(name = "-i", aliases = "--integration", description = "Only those through this integration")
    @Completion(IntegrationNameCompleter.class)
    String integration;

    @Option(name = "-s", aliases = "--state", description = "Only those in this state")
    @Completion(value = StringsCompleter.class,
            values = {"pending", "running", "passed", "failed", "error", "cancelled"})
    String state;

    @Option(name = "-o", aliases = "--organization", description = "Only those of this organization")
    String organization;

    @Option(name = "-n", aliases = "--limit", description = "At most this many (default 50, at most 500)")
    int limit = 50;

    @Reference(optional = true)
    ExecutionService executions;

    @Override
    public Object execute() {
        ExecutionState wanted;
        try {
            wanted = state == null ? null : ExecutionState.valueOf(state.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--state is one of pending, running, passed, failed, error, cancelled");
        }
        ShellTable table = new ShellTable();
        table.column("ID");
        table.column("State");
        table.column("Provider");
        table.column("Action");
        table.column("Integration");
        table.column("Created");
        table.column("Trigger");
        table.column("Reason").maxSize(60);
        table.emptyTableText("No executions. Run one with plugboard:execute <integration> <action> key=value...");
        for (Execution e : ExecutionText.require(executions).list(new ExecutionQuery(organization, integration, wanted,
                Math.max(1, Math.min(limit, 500))))) {
            table.addRow().addContent(e.id(), e.state().name(), e.provider(), e.action(), e.integration(),
                    Format.time(e.createdAt()), e.trigger(), Format.orDash(e.reason()));
        }
        table.print(System.out);
        return null;
    }
}
