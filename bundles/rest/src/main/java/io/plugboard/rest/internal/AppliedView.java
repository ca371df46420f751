package io.plugboard.rest.internal;

import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.plugboard.api.resource.AppliedResource;

/**
 * JSON view of what {@code apply} did with one document; no canvasId for organization-wide resources.
 * {@code displayOnce} holds values shown to this caller only, never again (e.g. {@code webhookSecret}, generated for a
 * new integration); absent when there are none.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AppliedView(String kind, String name, String organization, String canvasId, String uid, long generation,
                          String action, @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> displayOnce) {

    public static AppliedView of(AppliedResource applied) {
        Map<String, String> once = applied.displayOnce();
        return new AppliedView(applied.ref().kind().kindName(), applied.ref().name(),
                applied.ref().scope().organization(), applied.ref().scope().canvasId(), applied.uid(),
                applied.generation(), applied.action().label(),
                once == null || once.isEmpty() ? null : new TreeMap<>(once));
    }
}
