package io.plugboard.shell.internal;

import io.plugboard.api.execution.ExecutionNotFoundException;
import io.plugboard.api.execution.ExecutionService;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "plugboard", name = "execution-cancel",
        description = "Cancels an execution: a pending one at once, a running one at the provider (where it can)")
public class ExecutionCancelCommand implements Action {

    @Argument(index = 0, name = "id", description = "The execution's id", required = true)
    @Completion(ExecutionIdCompleter.class)
    String id;

    @Reference(optional = true)
    ExecutionService executions;

    @Override
    public Object execute() {
        try {
            System.out.println(ExecutionText.line(ExecutionText.require(executions).cancel(id)));
        } catch (ExecutionNotFoundException e) {
            throw new IllegalArgumentException(e.getMessage() + " See plugboard:execution-list.");
        }
        return null;
    }
}
