package io.plugboard.shell.internal;

import java.util.List;

import io.plugboard.api.provider.Action;
import io.plugboard.api.provider.ProviderRegistry;
import io.plugboard.api.provider.RegisteredProvider;
import io.plugboard.api.resource.IntegrationTypes;
import io.plugboard.api.resource.Kind;
import io.plugboard.api.resource.ResourceService;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes action names: those of the provider of the integration typed before, else of every provider. */
@Service
public class ActionNameCompleter implements Completer {

    @Reference
    ProviderRegistry registry;

    @Reference(optional = true)
    ResourceService resources;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        String[] words = commandLine.getArguments();
        String integration = commandLine.getCursorArgumentIndex() >= 2 ? words[commandLine.getCursorArgumentIndex() - 1] : null;
        List<String> providers = resources == null || integration == null ? List.of()
                : resources.list(Kind.INTEGRATION, null, null).stream().filter(r -> r.name().equals(integration))
                .map(IntegrationTypes::providerId).distinct().toList();
        StringsCompleter delegate = new StringsCompleter();
        for (RegisteredProvider p : registry.providers()) {
            if (providers.isEmpty() || providers.contains(p.id())) {
                p.actions().stream().map(Action::name).forEach(delegate.getStrings()::add);
            }
        }
        return delegate.complete(session, commandLine, candidates);
    }
}
