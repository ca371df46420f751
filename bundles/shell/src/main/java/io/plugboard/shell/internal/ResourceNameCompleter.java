package io.plugboard.shell.internal;

import java.util.List;

import io.plugboard.api.resource.Kind;
import io.plugboard.api.resource.Resource;
import io.plugboard.api.resource.ResourceService;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/**
 * Completes the names of the existing resources of one kind, in every organization and canvas. Karaf needs a
 * concrete class per {@code @Completion}, hence one tiny subclass per kind.
 */
abstract class ResourceNameCompleter implements Completer {

    @Reference(optional = true)
    ResourceService resources;

    abstract Kind kind();

    /** The distinct names, sorted; none when the resource service is not available. */
    List<String> names() {
        if (resources == null) {
            return List.of();
        }
        return resources.list(kind(), null, null).stream().map(Resource::name).distinct().sorted().toList();
    }

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(names()).complete(session, commandLine, candidates);
    }
}
