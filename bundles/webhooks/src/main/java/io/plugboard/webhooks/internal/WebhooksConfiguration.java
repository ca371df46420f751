package io.plugboard.webhooks.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code io.plugboard.webhooks}: {@code etc/io.plugboard.webhooks.cfg}. */
@ObjectClassDefinition(name = "Plugboard webhooks", description = "Webhook ingestion: body caps (delivery, retries and retention: io.plugboard.events)")
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
}
