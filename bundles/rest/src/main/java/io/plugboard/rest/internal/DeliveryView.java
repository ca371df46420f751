package io.plugboard.rest.internal;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.plugboard.api.event.Attempt;
import io.plugboard.api.event.Delivery;
import io.plugboard.api.resource.ResourceRef;

/**
 * JSON view of one delivery of an event: {@code {"id","eventSource":{"name","organization","canvasId"},"forwardUrl",
 * "status","attempts","nextAttemptAt","attemptLog":[{"at","statusCode","latencyMillis","error"}]}}. {@code forwardUrl},
 * {@code nextAttemptAt}, {@code statusCode} and {@code error} are {@code null} when there is none; the event source
 * has no {@code canvasId} when it is organization-wide.
 */
public record DeliveryView(String id, SourceView eventSource, String forwardUrl, String status, int attempts,
                           String nextAttemptAt, List<AttemptView> attemptLog) {

    public static DeliveryView of(Delivery delivery) {
        return new DeliveryView(delivery.id(), SourceView.of(delivery.eventSource()), delivery.forwardUrl(),
                delivery.status() == null ? null : delivery.status().label(), delivery.attempts(),
                EventViewValues.instant(delivery.nextAttemptAt()),
                delivery.attemptLog() == null ? List.of() : delivery.attemptLog().stream().map(AttemptView::of).toList());
    }

    /** The event source a delivery goes to. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SourceView(String name, String organization, String canvasId) {

        static SourceView of(ResourceRef ref) {
            return ref == null ? null : new SourceView(ref.name(), ref.scope().organization(), ref.scope().canvasId());
        }
    }

    /** One attempt: when, the receiver's HTTP status (or null), how long it took, why it failed (or null). */
    public record AttemptView(String at, Integer statusCode, long latencyMillis, String error) {

        static AttemptView of(Attempt attempt) {
            return new AttemptView(EventViewValues.instant(attempt.at()), attempt.statusCode(), attempt.latencyMillis(),
                    attempt.error());
        }
    }
}
