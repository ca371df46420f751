package io.plugboard.shell.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.plugboard.api.execution.Execution;
import io.plugboard.api.execution.ExecutionService;

/** How the shell shows executions. */
final class ExecutionText {

    private ExecutionText() {
    }

    /** The execution service, or a clear message when core's is not active. */
    static ExecutionService require(ExecutionService service) {
        if (service == null) {
            throw new IllegalStateException("The Plugboard execution service is not available; is the io.plugboard.core "
                    + "bundle active and the database up? (see bundle:list, plugboard health)");
        }
        return service;
    }

    /** One line: {@code RUNNING  github run-workflow via gh  runId=42  reason}. */
    static String line(Execution e) {
        StringBuilder sb = new StringBuilder(e.state().name()).append("  ").append(e.provider()).append(' ')
                .append(e.action()).append(" via ").append(e.integration());
        e.ids().forEach((k, v) -> sb.append("  ").append(k).append('=').append(v));
        if (e.reason() != null) {
            sb.append("  ").append(e.reason());
        }
        return sb.toString();
    }

    /** The execution as YAML, the shape of {@code GET /api/v1/executions/{id}}. */
    static String yaml(Execution e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("organization", e.scope().organization());
        if (e.scope().canvasId() != null) {
            m.put("canvasId", e.scope().canvasId());
        }
        m.put("integration", e.integration());
        m.put("provider", e.provider());
        m.put("action", e.action());
        m.put("state", e.state().name());
        m.put("input", e.input());
        m.put("ids", e.ids());
        m.put("outputs", e.outputs());
        if (e.reason() != null) {
            m.put("reason", e.reason());
        }
        m.put("trigger", e.trigger());
        m.put("createdAt", text(e.createdAt()));
        if (e.startedAt() != null) {
            m.put("startedAt", text(e.startedAt()));
        }
        if (e.finishedAt() != null) {
            m.put("finishedAt", text(e.finishedAt()));
        }
        return YamlText.of(m);
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
