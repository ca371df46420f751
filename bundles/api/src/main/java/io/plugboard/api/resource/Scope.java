package io.plugboard.api.resource;

import java.util.Objects;

/**
 * Where a resource lives: an organization and, optionally, a canvas in it.
 *
 * @param organization never {@code null}
 * @param canvasId     {@code null} for organization-wide resources
 */
public record Scope(String organization, String canvasId) {

    public static final String DEFAULT_ORGANIZATION = "default";

    public Scope {
        Objects.requireNonNull(organization, "organization");
        if (canvasId != null && canvasId.isEmpty()) {
            canvasId = null;
        }
    }

    /** Organization-wide scope. */
    public static Scope organization(String organization) {
        return new Scope(organization, null);
    }

    /** {@code organization} may be {@code null} (the default one); {@code canvasId} may be {@code null}. */
    public static Scope of(String organization, String canvasId) {
        return new Scope(organization == null || organization.isEmpty() ? DEFAULT_ORGANIZATION : organization, canvasId);
    }

    /** The organization-wide scope of the same organization. */
    public Scope organizationScope() {
        return canvasId == null ? this : new Scope(organization, null);
    }

    public boolean isCanvas() {
        return canvasId != null;
    }

    /** {@code default} or {@code default/canvas-1}. */
    @Override
    public String toString() {
        return canvasId == null ? organization : organization + "/" + canvasId;
    }
}
