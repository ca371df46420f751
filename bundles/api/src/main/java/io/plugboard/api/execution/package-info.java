/**
 * Executions: one run of a provider's {@link io.plugboard.api.provider.Action} through an integration, started by a
 * user ({@code POST /api/v1/executions}, {@code plugboard:execute}) or by an event source's {@code spec.execute},
 * stored and followed to its outcome. {@link io.plugboard.api.execution.ExecutionService} starts, lists and cancels
 * them; each change of state is posted on EventAdmin as
 * {@value io.plugboard.api.execution.ExecutionService#TOPIC_PREFIX}{@code <provider>/<state>}.
 */
@Version("1.1.0")
package io.plugboard.api.execution;

import org.osgi.annotation.versioning.Version;
