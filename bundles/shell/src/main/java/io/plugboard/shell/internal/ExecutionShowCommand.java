package io.plugboard.shell.internal;

import io.plugboard.api.execution.ExecutionService;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "plugboard", name = "execution-show",
        description = "Shows one execution: state, input (secrets masked), provider ids, outputs, reason, times")
public class ExecutionShowCommand implements Action {

    @Argument(index = 0, name = "id", description = "The execution's id", required = true)
    @Completion(ExecutionIdCompleter.class)
    String id;

    @Reference(optional = true)
    ExecutionService executions;

    @Override
    public Object execute() {
        System.out.print(ExecutionText.yaml(ExecutionText.require(executions).get(id).orElseThrow(() ->
                new IllegalArgumentException("No execution '" + id + "'. See plugboard:execution-list."))));
        return null;
    }
}
