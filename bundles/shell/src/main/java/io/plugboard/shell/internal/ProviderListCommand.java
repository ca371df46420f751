package io.plugboard.shell.internal;

import io.plugboard.api.provider.ProviderRegistry;
import io.plugboard.api.provider.RegisteredProvider;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "plugboard", name = "provider-list", description = "Lists the providers active right now")
public class ProviderListCommand implements Action {

    @Reference
    ProviderRegistry registry;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("ID");
        table.column("Name");
        table.column("Bundle");
        table.column("Version");
        table.column("Capabilities");
        table.emptyTableText("No providers are active. Drop a provider bundle into deploy/ or install its feature.");
        for (RegisteredProvider p : registry.providers()) {
            table.addRow().addContent(p.id(), p.name(), p.bundleSymbolicName(), p.bundleVersion(),
                    Format.capabilities(p));
        }
        table.print(System.out);
        return null;
    }
}
