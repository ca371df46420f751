package io.plugboard.api.resource;

/** The outcome of {@code apply} for one document. */
public record AppliedResource(ResourceRef ref, String uid, long generation, ApplyAction action) {
}
