package io.plugboard.api.event;

import io.plugboard.api.resource.ResourceRef;

/** A delivery whose attempt is due, with what the dispatcher needs to make it. */
public record DueDelivery(String id, int attempts, ResourceRef eventSource, String forwardUrl, Event event, byte[] body) {
}
