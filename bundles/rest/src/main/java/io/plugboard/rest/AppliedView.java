package io.plugboard.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.plugboard.api.resource.AppliedResource;

/** JSON view of what {@code apply} did with one document; no canvasId for organization-wide resources. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AppliedView(String kind, String name, String organization, String canvasId, String uid, long generation,
                          String action) {

    public static AppliedView of(AppliedResource applied) {
        return new AppliedView(applied.ref().kind().kindName(), applied.ref().name(),
                applied.ref().scope().organization(), applied.ref().scope().canvasId(), applied.uid(),
                applied.generation(), applied.action().label());
    }
}
