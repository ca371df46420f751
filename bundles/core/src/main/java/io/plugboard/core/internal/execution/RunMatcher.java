package io.plugboard.core.internal.execution;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.plugboard.api.provider.RunReport;

/**
 * Which running execution a {@link RunReport} belongs to (the rule is on {@link RunReport}): an execution matches when
 * every provider id both have is equal and they share at least one; one holding all of the report's ids wins;
 * otherwise the oldest matching one that lacks some of them claims it, unless the provider created the run before
 * the execution was created (less {@link #CLOCK_SKEW}). Only a running execution claims.
 */
final class RunMatcher {

    /** How far the provider's clock may be behind Plugboard's. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    private RunMatcher() {
    }

    /**
     * @param candidates the executions of the report's integration and action that are running or finished lately,
     *                   oldest first; a finished one that holds all of the report's ids is answered (the report is
     *                   about it, too late), so that its run is not claimed by a newer execution
     */
    static Optional<StoredExecution> match(RunReport report, List<StoredExecution> candidates) {
        StoredExecution claim = null;
        for (StoredExecution e : candidates) {
            Map<String, String> ids = e.ids();
            boolean shares = false;
            boolean agrees = true;
            boolean hasAll = true;
            for (Map.Entry<String, String> id : report.ids().entrySet()) {
                String mine = ids.get(id.getKey());
                if (mine == null) {
                    hasAll = false;
                } else if (mine.equals(id.getValue())) {
                    shares = true;
                } else {
                    agrees = false;
                    break;
                }
            }
            if (!agrees || !shares) {
                continue;
            }
            if (hasAll) {
                return Optional.of(e);
            }
            if (claim == null && e.state() == io.plugboard.api.execution.ExecutionState.RUNNING
                    && (report.createdAt() == null
                    || !report.createdAt().plus(CLOCK_SKEW).isBefore(e.view().createdAt()))) {
                claim = e;
            }
        }
        return Optional.ofNullable(claim);
    }
}
