package io.plugboard.api.execution;

import java.time.Instant;
import java.util.LinkedHashMap;
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

    /**
     * The execution as JSON-like maps, the shape {@code GET /api/v1/executions/{id}}, the executions stream and the
     * shell show: every component by name, {@code organization} and {@code canvasId} for the scope, the state's name,
     * times as ISO-8601 text; what is absent is {@code null}.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("organization", scope.organization());
        m.put("canvasId", scope.canvasId());
        m.put("integration", integration);
        m.put("provider", provider);
        m.put("action", action);
        m.put("state", state.name());
        m.put("input", input);
        m.put("ids", ids);
        m.put("outputs", outputs);
        m.put("reason", reason);
        m.put("trigger", trigger);
        m.put("createdAt", text(createdAt));
        m.put("startedAt", text(startedAt));
        m.put("finishedAt", text(finishedAt));
        return m;
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
