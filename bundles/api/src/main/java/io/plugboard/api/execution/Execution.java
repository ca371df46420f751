package io.plugboard.api.execution;

import java.time.Instant;
import java.util.Map;

import io.plugboard.api.resource.Scope;

/**
 * One run of an action, as stored.
 *
 * @param id          Plugboard's id
 * @param scope       where it lives (its integration's organization, or a canvas)
 * @param integration the integration's name
 * @param provider    the provider's id
 * @param action      the action's name
 * @param state       where it is
 * @param input       the input as given, expressions unresolved, secret fields masked
 * @param ids         the provider's ids of the run (e.g. {@code pipelineId}, {@code runId})
 * @param outputs     what the run produced
 * @param reason      why it failed, errored or was cancelled; {@code null} otherwise
 * @param trigger     who started it: {@code api}, or {@code eventSource:<name>/<event id>}
 * @param createdAt   when it was stored
 * @param startedAt   when the provider accepted it, {@code null} before
 * @param finishedAt  when it reached its final state, {@code null} before
 */
public record Execution(String id, Scope scope, String integration, String provider, String action,
                        ExecutionState state, Map<String, Object> input, Map<String, String> ids,
                        Map<String, Object> outputs, String reason, String trigger, Instant createdAt,
                        Instant startedAt, Instant finishedAt) {
}
