package io.plugboard.shell.internal;

import java.util.Map;
import java.util.Objects;

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

    /** The execution as YAML, the shape of {@code GET /api/v1/executions/{id}} without its empty fields. */
    static String yaml(Execution e) {
        Map<String, Object> m = e.toMap();
        m.values().removeIf(Objects::isNull);
        return YamlText.of(m);
    }
}
