package io.plugboard.api.resource;

/** No such resource. */
public class ResourceNotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ResourceRef ref;

    public ResourceNotFoundException(ResourceRef ref) {
        super("No " + ref.kind().kindName() + " '" + ref.name() + "' in " + describe(ref.scope()) + ".");
        this.ref = ref;
    }

    /** @since 3.2.0 */
    public ResourceNotFoundException(ResourceRef ref, String message) {
        super(message);
        this.ref = ref;
    }

    public ResourceRef ref() {
        return ref;
    }

    static String describe(Scope scope) {
        return scope.isCanvas() ? "canvas '" + scope.canvasId() + "' of organization '" + scope.organization() + "'"
                : "organization '" + scope.organization() + "'";
    }
}
