/**
 * Inbound webhook deliveries once verified: stored durably ({@link io.plugboard.api.event.EventService#ingest}),
 * then delivered to the event sources they match, with every attempt recorded. Other bundles receive them as OSGi
 * EventAdmin events on {@value io.plugboard.api.event.EventService#TOPIC_PREFIX}{@code <provider>/<eventType>}.
 */
@Version("2.0.0")
package io.plugboard.api.event;

import org.osgi.annotation.versioning.Version;
