package io.plugboard.rest.internal;

import java.time.Instant;
import java.util.Map;

import io.plugboard.api.execution.Execution;

/** JSON view of an execution; times as ISO-8601, {@code canvasId} null for an organization-wide one. */
public record ExecutionView(String id, String organization, String canvasId, String integration, String provider,
                            String action, String state, Map<String, Object> input, Map<String, String> ids,
                            Map<String, Object> outputs, String reason, String trigger, String createdAt,
                            String startedAt, String finishedAt) {

    static ExecutionView of(Execution e) {
        return new ExecutionView(e.id(), e.scope().organization(), e.scope().canvasId(), e.integration(), e.provider(),
                e.action(), e.state().name(), e.input(), e.ids(), e.outputs(), e.reason(), e.trigger(),
                text(e.createdAt()), text(e.startedAt()), text(e.finishedAt()));
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
