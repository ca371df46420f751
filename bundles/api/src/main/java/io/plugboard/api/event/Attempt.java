package io.plugboard.api.event;

import java.time.Instant;

/**
 * One try to deliver an event to an event source.
 *
 * @param statusCode the receiver's HTTP status, {@code null} when there was no HTTP answer or no forward URL
 * @param error      why it failed, {@code null} when it succeeded
 */
public record Attempt(Instant at, Integer statusCode, long latencyMillis, String error) {
}
