package io.plugboard.core.internal.event;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration PID {@code io.plugboard.events} ({@code etc/io.plugboard.events.cfg}). The same keys in
 * {@code etc/io.plugboard.webhooks.cfg}, where they were before the dispatcher moved to core, are still read; this
 * PID wins where both set one.
 */
@ObjectClassDefinition(name = "Plugboard events", description = "Delivery of stored events to event sources: retries, retention")
public @interface EventsConfiguration {

    String PID = "io.plugboard.events";
    String OLD_PID = "io.plugboard.webhooks";

    @AttributeDefinition(description = "Days events (and so their delivery-id dedupe keys) are kept.")
    int retentionDays() default 7;

    @AttributeDefinition(description = "Delays between forward attempts, e.g. 5s,30s,2m; after the last one the delivery is dead.")
    String forwardRetrySchedule() default "5s,30s,2m,10m,30m,1h,3h,6h";

    @AttributeDefinition(description = "Seconds a forward receiver has to answer.")
    int forwardTimeoutSeconds() default 10;

    @AttributeDefinition(description = "Seconds a node holds the deliveries it claimed (renewed while it works on them); "
            + "when a node dies, another delivers them after this long.")
    int deliveryLeaseSeconds() default 30;
}
