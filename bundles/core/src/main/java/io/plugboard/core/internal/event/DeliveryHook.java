package io.plugboard.core.internal.event;

import io.plugboard.api.event.Event;
import io.plugboard.api.resource.ResourceRef;

/**
 * Core-internal: what the dispatcher does for every delivery of an event to an event source besides publishing and
 * forwarding it — the executions start an event source's {@code spec.execute} here. Called on every attempt; it must
 * be idempotent per (event source, event). When it throws, the delivery is not recorded and is due again later.
 */
public interface DeliveryHook {

    void delivering(ResourceRef eventSource, Event event, byte[] body);
}
