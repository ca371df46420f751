package io.plugboard.shell.internal;

import java.util.List;

import io.plugboard.api.provider.ProviderRegistry;
import io.plugboard.api.provider.RegisteredProvider;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the ids of the providers active right now. */
@Service
public class ProviderIdCompleter implements Completer {

    @Reference
    ProviderRegistry registry;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        for (RegisteredProvider p : registry.providers()) {
            delegate.getStrings().add(p.id());
        }
        return delegate.complete(session, commandLine, candidates);
    }
}
