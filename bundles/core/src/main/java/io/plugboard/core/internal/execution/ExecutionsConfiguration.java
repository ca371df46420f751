package io.plugboard.core.internal.execution;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code io.plugboard.executions} ({@code etc/io.plugboard.executions.cfg}). */
@ObjectClassDefinition(name = "Plugboard executions", description = "Runs of provider actions: polling, time limits")
public @interface ExecutionsConfiguration {

    String PID = "io.plugboard.executions";

    @AttributeDefinition(description = "Seconds between two polls of a running execution's provider, the fallback for a "
            + "completion webhook that does not come.")
    int pollIntervalSeconds() default 30;

    @AttributeDefinition(description = "Hours a running execution may wait for its outcome before it is an error.")
    int runTimeoutHours() default 24;

    @AttributeDefinition(description = "Start attempts for an execution the provider surely did not get (connection "
            + "refused, 429), with growing delays, before it is an error.")
    int maxStartAttempts() default 5;
}
