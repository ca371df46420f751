package io.plugboard.webhooks.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code io.plugboard.webhooks}: {@code etc/io.plugboard.webhooks.cfg}. */
@ObjectClassDefinition(name = "Plugboard webhooks", description = "Webhook ingestion and delivery")
public @interface WebhooksConfiguration {

    String PID = "io.plugboard.webhooks";

    @AttributeDefinition(description = "Largest accepted webhook body in bytes; larger ones get 413.")
    long maxBodyBytes() default 25L * 1024 * 1024;

    @AttributeDefinition(description = "Bytes of webhook bodies held in memory at once (a body keeps at most 256 KiB in "
            + "memory; the rest waits in a spool file); a request that finds no room within 5 s is answered 503 with "
            + "Retry-After.")
    long maxBodyBytesInFlight() default 32L * 1024 * 1024;

    @AttributeDefinition(description = "Bytes of webhook bodies that may wait in the spool directory (data/plugboard/spool) "
            + "at once, at least one body of maxBodyBytes; a request that finds no room within 5 s is answered 503 with "
            + "Retry-After.")
    long maxSpoolBytes() default 1024L * 1024 * 1024;

    @AttributeDefinition(description = "Days events (and so their delivery-id dedupe keys) are kept.")
    int retentionDays() default 7;

    @AttributeDefinition(description = "Delays between forward attempts, e.g. 5s,30s,2m; after the last one the delivery is dead.")
    String forwardRetrySchedule() default "5s,30s,2m,10m,30m,1h,3h,6h";

    @AttributeDefinition(description = "Seconds a forward receiver has to answer.")
    int forwardTimeoutSeconds() default 10;
}
