package io.plugboard.core.internal.event;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The delivery queue (the {@code plugboard_delivery} table) as the dispatcher works it. Core-internal: implemented by
 * {@link EventServiceImpl}, used by {@link DispatcherComponent}.
 */
public interface DeliveryQueue {

    /**
     * Deliveries due at {@code now}, at most {@code max}; each is leased for {@code lease} so that, should the
     * dispatcher die, it is due again afterwards.
     */
    List<DueDelivery> claimDue(Instant now, Duration lease, int max);

    /** Records several attempts in one transaction; one naming a delivery that is gone (purged) is skipped. */
    void recordAttempts(List<AttemptRecord> records);

    default void recordAttempt(String deliveryId, io.plugboard.api.event.Attempt attempt, boolean delivered, Instant next) {
        recordAttempts(List.of(new AttemptRecord(deliveryId, attempt, delivered, next)));
    }

    /**
     * Makes the deliveries a dispatcher had claimed when the server stopped (or was killed) due again at once; the
     * dispatcher calls it once, before its first claim. Returns how many.
     */
    int releaseLeases();

    /**
     * Keeps the leases of deliveries this node still works on (a long batch) until {@code until}; one that is done, or
     * whose lease another node has taken meanwhile, is left alone.
     */
    default void extendLeases(List<String> deliveryIds, Instant until) {
    }

    /** Who to tell when an ingest has queued new deliveries ({@code null}: nobody). */
    void onNewDeliveries(Runnable wake);
}
