package io.plugboard.shell.internal;

import java.util.List;

import io.plugboard.api.resource.Kind;
import io.plugboard.api.resource.Resource;
import io.plugboard.api.resource.ResourceNotFoundException;
import io.plugboard.api.resource.ResourceRef;
import io.plugboard.api.resource.Scope;
import org.apache.karaf.shell.api.action.Option;

/** A command on one resource, named by an argument of the subclass, in the scope given by -o and -c. */
abstract class NamedResourceCommand extends ResourceCommand {

    @Option(name = "-o", aliases = "--organization", description = "Organization of the resource (default: default)")
    String organization;

    @Option(name = "-c", aliases = "--canvas",
            description = "Canvas id, for a resource narrowed to a canvas (default: organization-wide)")
    String canvas;

    abstract Kind kind();

    /** The name argument (declared by the subclass, with the completer of its kind). */
    abstract String name();

    Scope scope() {
        return Scope.of(organization, canvas);
    }

    ResourceRef ref() {
        return new ResourceRef(kind(), scope(), name());
    }

    /** Not found, with the scopes where a resource of that name does exist. */
    IllegalArgumentException notFound(ResourceNotFoundException e) {
        List<String> elsewhere = resources().list(kind(), null, null).stream()
                .filter(r -> r.name().equals(name()))
                .map(Resource::scope)
                .map(s -> s.isCanvas() ? "-o " + s.organization() + " -c " + s.canvasId() : "-o " + s.organization())
                .toList();
        String hint = elsewhere.isEmpty() ? " See plugboard:" + Format.kind(kind()) + "-list."
                : " There is one with: " + String.join(", ", elsewhere) + ".";
        return new IllegalArgumentException(e.getMessage() + hint, e);
    }
}
