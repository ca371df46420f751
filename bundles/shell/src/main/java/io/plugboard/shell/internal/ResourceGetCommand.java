package io.plugboard.shell.internal;

import io.plugboard.api.resource.Resource;
import io.plugboard.api.resource.ResourceNotFoundException;

/** {@code plugboard:<kind>-get}: one resource as YAML, in the document format of apply. */
abstract class ResourceGetCommand extends NamedResourceCommand {

    @Override
    public Object execute() {
        Resource resource = resources().get(ref())
                .orElseThrow(() -> notFound(new ResourceNotFoundException(ref())));
        out.print(YamlText.of(resource.toDocument()));
        return null;
    }
}
