package io.plugboard.shell.internal;

import java.util.Comparator;

import io.plugboard.api.provider.Action;
import io.plugboard.api.provider.ProviderRegistry;
import io.plugboard.api.provider.RegisteredProvider;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "plugboard", name = "action-list",
        description = "Lists the actions of the active providers (what plugboard:execute can run)")
public class ActionListCommand implements org.apache.karaf.shell.api.action.Action {

    @Argument(index = 0, name = "provider", description = "Only this provider's actions")
    @Completion(ProviderIdCompleter.class)
    String provider;

    @Option(name = "--schema", description = "Also print each action's input schema (JSON Schema)")
    boolean schema;

    @Reference
    ProviderRegistry registry;

    @Override
    public Object execute() {
        if (provider != null && registry.provider(provider).isEmpty()) {
            throw new IllegalArgumentException("No active provider '" + provider + "'. Active: " + Format.ids(registry));
        }
        ShellTable table = new ShellTable();
        table.column("Provider");
        table.column("Action");
        table.column("Cancel");
        table.column("Description");
        table.emptyTableText(provider == null ? "No active provider has actions." : "Provider '" + provider
                + "' has no actions.");
        StringBuilder schemas = new StringBuilder();
        for (RegisteredProvider p : registry.providers()) {
            if (provider != null && !provider.equals(p.id())) {
                continue;
            }
            for (Action a : p.actions().stream().sorted(Comparator.comparing(Action::name)).toList()) {
                table.addRow().addContent(p.id(), a.name(), a.cancellable() ? "yes" : "no", a.description());
                if (schema) {
                    schemas.append('\n').append(p.id()).append(' ').append(a.name()).append(":\n")
                            .append(a.inputSchema().strip()).append('\n');
                }
            }
        }
        table.print(System.out);
        System.out.print(schemas);
        return null;
    }
}
