package io.plugboard.rest.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.plugboard.api.resource.ResourceRef;

/** JSON view of a resource reference: {@code {"kind","name","organization","canvasId"}} (no canvasId when org-wide). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RefView(String kind, String name, String organization, String canvasId) {

    public static RefView of(ResourceRef ref) {
        return new RefView(ref.kind().kindName(), ref.name(), ref.scope().organization(), ref.scope().canvasId());
    }
}
