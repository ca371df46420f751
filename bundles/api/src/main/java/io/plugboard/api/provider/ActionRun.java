package io.plugboard.api.provider;

import java.util.Map;
import java.util.Objects;

/**
 * What {@link Action#start} answers.
 *
 * @param state   {@code RUNNING} for a run that finishes later, or its final state
 * @param ids     the provider's ids of the run (e.g. {@code pipelineId}), shown on the execution and matched against
 *                later {@link RunReport}s
 * @param outputs what the run produced so far (e.g. a message's {@code ts}), JSON-like
 * @param reason  why it failed, or {@code null}
 * @since 4.0.0
 */
public record ActionRun(RunState state, Map<String, String> ids, Map<String, Object> outputs, String reason) {

    public ActionRun {
        Objects.requireNonNull(state, "state");
        ids = ids == null ? Map.of() : Map.copyOf(ids);
        outputs = outputs == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(outputs));
    }

    public static ActionRun running(Map<String, String> ids) {
        return new ActionRun(RunState.RUNNING, ids, Map.of(), null);
    }

    public static ActionRun passed(Map<String, String> ids, Map<String, Object> outputs) {
        return new ActionRun(RunState.PASSED, ids, outputs, null);
    }
}
