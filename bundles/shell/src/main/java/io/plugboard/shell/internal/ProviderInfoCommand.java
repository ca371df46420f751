package io.plugboard.shell.internal;

import java.io.PrintStream;

import io.plugboard.api.provider.EventType;
import io.plugboard.api.provider.ProviderRegistry;
import io.plugboard.api.provider.RegisteredProvider;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "plugboard", name = "provider-info", description = "Shows one active provider in detail")
public class ProviderInfoCommand implements Action {

    @Argument(index = 0, name = "id", description = "Provider id, e.g. github", required = true)
    @Completion(ProviderIdCompleter.class)
    String id;

    @Reference
    ProviderRegistry registry;

    @Override
    public Object execute() {
        RegisteredProvider p = registry.provider(id).orElseThrow(() -> new IllegalArgumentException(
                "No active provider '" + id + "'. Active: " + Format.ids(registry) + " (see plugboard:provider-list)"));
        print(p, System.out);
        return null;
    }

    static void print(RegisteredProvider p, PrintStream out) {
        out.println("ID            " + p.id());
        out.println("Name          " + p.name());
        if (!p.descriptor().description().isEmpty()) {
            out.println("Description   " + p.descriptor().description());
        }
        out.println("Bundle        " + p.bundleSymbolicName() + " " + p.bundleVersion());
        out.println("Capabilities  " + Format.capabilities(p));
        out.println("Auth modes    " + Format.join(p.descriptor().authModes().stream().sorted().map(Enum::name).toList()));
        out.println("Filter fields " + Format.join(p.descriptor().filterFields()));
        out.println("Actions       " + Format.join(p.actions().stream().map(a -> a.name()).sorted().toList()));
        out.println("Event types");
        for (EventType e : p.descriptor().eventTypes()) {
            out.println("  " + e.name() + (e.description().isEmpty() ? "" : " - " + e.description()));
        }
    }
}
