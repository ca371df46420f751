package io.plugboard.api.resource;

import java.util.Map;

/**
 * The outcome of {@code apply} for one document.
 *
 * @param displayOnce values produced for the caller that are never shown again, e.g. the webhook secret generated for
 *                    a new integration ({@code webhookSecret}); empty otherwise
 */
public record AppliedResource(ResourceRef ref, String uid, long generation, ApplyAction action, Map<String, String> displayOnce) {

    public AppliedResource {
        displayOnce = Map.copyOf(displayOnce);
    }

    public AppliedResource(ResourceRef ref, String uid, long generation, ApplyAction action) {
        this(ref, uid, generation, action, Map.of());
    }
}
