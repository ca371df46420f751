package io.plugboard.core.internal.event;

import io.plugboard.api.event.Event;
import io.plugboard.api.resource.ResourceRef;

/** A delivery whose attempt is due, with what the dispatcher needs to make it. */
record DueDelivery(String id, int attempts, ResourceRef eventSource, String forwardUrl, Event event, byte[] body) {
}
