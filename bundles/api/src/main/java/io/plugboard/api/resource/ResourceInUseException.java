package io.plugboard.api.resource;

import java.util.List;
import java.util.stream.Collectors;

/** A resource cannot be deleted while others refer to it. */
public class ResourceInUseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ResourceRef ref;
    private final List<ResourceRef> referrers;

    public ResourceInUseException(ResourceRef ref, List<ResourceRef> referrers) {
        super(ref.kind().kindName() + " '" + ref.name() + "' is used by "
                + referrers.stream().map(ResourceRef::toString).collect(Collectors.joining(", "))
                + (ref.kind() == Kind.INTEGRATION ? "; delete those first, or delete with cascade" : "; delete those first"));
        this.ref = ref;
        this.referrers = List.copyOf(referrers);
    }

    public ResourceRef ref() {
        return ref;
    }

    public List<ResourceRef> referrers() {
        return referrers;
    }
}
