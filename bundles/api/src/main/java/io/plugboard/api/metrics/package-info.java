/**
 * What bundles count for {@code GET /metrics} (Prometheus text format): {@link io.plugboard.api.metrics.Metrics},
 * implemented by Plugboard core.
 */
@Version("1.0.0")
package io.plugboard.api.metrics;

import org.osgi.annotation.versioning.Version;
