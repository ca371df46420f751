package io.plugboard.api.event;

import java.util.List;

/** An event with its raw body and its deliveries. */
public record EventDetail(Event event, byte[] body, List<Delivery> deliveries) {
}
