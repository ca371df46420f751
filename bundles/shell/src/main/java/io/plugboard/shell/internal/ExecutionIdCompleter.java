package io.plugboard.shell.internal;

import java.util.List;

import io.plugboard.api.execution.Execution;
import io.plugboard.api.execution.ExecutionQuery;
import io.plugboard.api.execution.ExecutionService;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the ids of the 50 newest executions. */
@Service
public class ExecutionIdCompleter implements Completer {

    @Reference(optional = true)
    ExecutionService executions;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        if (executions != null) {
            executions.list(new ExecutionQuery(null, null, null, 50)).stream().map(Execution::id)
                    .forEach(delegate.getStrings()::add);
        }
        return delegate.complete(session, commandLine, candidates);
    }
}
