package io.plugboard.shell.internal;

import java.util.List;

import io.plugboard.api.resource.Kind;
import io.plugboard.api.resource.ResourceInUseException;
import io.plugboard.api.resource.ResourceNotFoundException;
import io.plugboard.api.resource.ResourceRef;

/** {@code plugboard:<kind>-delete}: deletes one resource and says what went with it. */
abstract class ResourceDeleteCommand extends NamedResourceCommand {

    /** Also delete what refers to the resource (integrations only). */
    boolean cascade() {
        return false;
    }

    @Override
    public Object execute() {
        List<ResourceRef> deleted;
        try {
            deleted = resources().delete(ref(), cascade());
        } catch (ResourceNotFoundException e) {
            throw notFound(e);
        } catch (ResourceInUseException e) {
            throw new IllegalStateException(Format.label(e.ref()) + " is used by " + Format.labels(e.referrers())
                    + "; delete those first" + (kind() == Kind.INTEGRATION ? ", or delete with --cascade" : ""), e);
        }
        for (ResourceRef ref : deleted) {
            out.println(Format.label(ref) + " deleted");
        }
        return null;
    }
}
