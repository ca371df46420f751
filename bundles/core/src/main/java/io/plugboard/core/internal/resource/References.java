package io.plugboard.core.internal.resource;

import java.util.List;

import io.plugboard.api.resource.Scope;

/** How references between resources resolve. */
public final class References {

    private References() {
    }

    /**
     * Where an integration's secret reference ({@code valueFrom.secret.name}) is looked up: in the integration's own
     * scope first, then, for a canvas integration, in its organization.
     */
    public static List<Scope> secretScopes(Scope integrationScope) {
        return integrationScope.isCanvas() ? List.of(integrationScope, integrationScope.organizationScope())
                : List.of(integrationScope);
    }

    /** {@code domain: ORGANIZATION} → the organization; {@code CANVAS} → the event source's own canvas. */
    public static Scope integrationScope(Scope eventSourceScope, String domain) {
        return "CANVAS".equals(domain) ? eventSourceScope : eventSourceScope.organizationScope();
    }

    public static String describe(Scope scope) {
        return scope.isCanvas() ? "canvas '" + scope.canvasId() + "' of organization '" + scope.organization() + "'"
                : "organization '" + scope.organization() + "'";
    }
}
