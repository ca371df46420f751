package io.plugboard.api.provider;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What a completion webhook or a poll says about one run at the provider.
 *
 * <p>Plugboard matches a report to the running executions of the same integration and action by {@link #ids}: an
 * execution matches when every id both have is equal and they share at least one. One that has all of the report's
 * ids wins; otherwise the report <em>claims</em> the oldest matching execution that lacks some of them (created no
 * later than {@link #createdAt}) and the execution learns the missing ids. That is how a GitHub run is found, whose
 * dispatch answers no id: the execution starts with {@code {repository, workflow, ref, event}} and the first
 * {@code workflow_run} of that workflow, ref and event adds its {@code runId}.
 *
 * @param ids       the run's ids, and the attributes that tell which execution it belongs to
 * @param state     where the run is
 * @param outputs   what it produced (e.g. the run's URL), JSON-like
 * @param reason    why it failed, or {@code null}
 * @param createdAt when the provider created the run, {@code null} when it does not say
 * @since 4.0.0
 */
public record RunReport(Map<String, String> ids, RunState state, Map<String, Object> outputs, String reason,
                        Instant createdAt) {

    public RunReport {
        ids = Map.copyOf(Objects.requireNonNull(ids, "ids"));
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("a report names the run by at least one id");
        }
        Objects.requireNonNull(state, "state");
        outputs = outputs == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(outputs));
    }
}
