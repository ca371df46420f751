package io.plugboard.core.internal.execution;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.plugboard.api.execution.Execution;
import io.plugboard.api.execution.ExecutionState;
import io.plugboard.api.provider.RunReport;
import io.plugboard.api.provider.RunState;
import io.plugboard.api.resource.Scope;
import org.junit.Test;

public class RunMatcherTest {

    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    /** What a GitHub run-workflow execution starts with: no run id yet. */
    private static final Map<String, String> DISPATCHED = Map.of("repository", "octo/hello", "workflow", "ci.yml",
            "ref", "main", "event", "workflow_dispatch");

    @Test
    public void anExecutionHoldingAllOfTheReportsIdsMatches() {
        StoredExecution e = execution("e1", ExecutionState.RUNNING, Map.of("pipelineId", "p-7"), T0);
        assertSame(e, RunMatcher.match(report(Map.of("pipelineId", "p-7"), T0.plusSeconds(5)), List.of(e)).orElseThrow());
    }

    @Test
    public void aDifferingIdRulesAnExecutionOut() {
        StoredExecution other = execution("e1", ExecutionState.RUNNING, Map.of("pipelineId", "p-6"), T0);
        assertEquals(Optional.empty(), RunMatcher.match(report(Map.of("pipelineId", "p-7"), T0), List.of(other)));

        // sharing some ids is not enough when another one both have differs
        StoredExecution claimed = execution("e2", ExecutionState.RUNNING, with(DISPATCHED, "runId", "41"), T0);
        assertEquals(Optional.empty(), RunMatcher.match(report(with(DISPATCHED, "runId", "42"), T0.plusSeconds(1)),
                List.of(claimed)));
    }

    @Test
    public void anExecutionSharingNoIdDoesNotMatch() {
        StoredExecution e = execution("e1", ExecutionState.RUNNING, Map.of("pipelineId", "p-7"), T0);
        assertEquals(Optional.empty(), RunMatcher.match(report(Map.of("runId", "42"), T0.plusSeconds(5)), List.of(e)));
        StoredExecution none = execution("e2", ExecutionState.RUNNING, Map.of(), T0);
        assertEquals(Optional.empty(), RunMatcher.match(report(Map.of("runId", "42"), T0.plusSeconds(5)), List.of(none)));
    }

    @Test
    public void noCandidatesNoMatch() {
        assertEquals(Optional.empty(), RunMatcher.match(report(Map.of("runId", "42"), T0), List.of()));
    }

    @Test
    public void aRunningExecutionLackingSomeIdsIsClaimed() {
        StoredExecution e = execution("e1", ExecutionState.RUNNING, DISPATCHED, T0);
        RunReport r = report(with(DISPATCHED, "runId", "42"), T0.plusSeconds(2));
        assertSame(e, RunMatcher.match(r, List.of(e)).orElseThrow());
    }

    @Test
    public void ofTwoClaimableExecutionsTheOldestTakesTheRun() {
        StoredExecution older = execution("e1", ExecutionState.RUNNING, DISPATCHED, T0);
        StoredExecution newer = execution("e2", ExecutionState.RUNNING, DISPATCHED, T0.plusSeconds(3));
        RunReport r = report(with(DISPATCHED, "runId", "42"), T0.plusSeconds(4));
        assertSame(older, RunMatcher.match(r, List.of(older, newer)).orElseThrow());
    }

    @Test
    public void anOlderExecutionThatHasItsRunAlreadyLeavesTheNextRunToTheNewerOne() {
        // e1 learnt runId 41 from the first report; the second run (42) goes to e2, not to e1
        StoredExecution first = execution("e1", ExecutionState.RUNNING, with(DISPATCHED, "runId", "41"), T0);
        StoredExecution second = execution("e2", ExecutionState.RUNNING, DISPATCHED, T0.plusSeconds(1));
        RunReport r = report(with(DISPATCHED, "runId", "42"), T0.plusSeconds(2));
        assertSame(second, RunMatcher.match(r, List.of(first, second)).orElseThrow());

        // and a later report of run 41 still goes to e1
        RunReport again = report(with(DISPATCHED, "runId", "41"), T0.plusSeconds(2));
        assertSame(first, RunMatcher.match(again, List.of(first, second)).orElseThrow());
    }

    @Test
    public void oneHoldingAllIdsWinsOverAnOlderClaimableOne() {
        StoredExecution older = execution("e1", ExecutionState.RUNNING, DISPATCHED, T0);
        StoredExecution owner = execution("e2", ExecutionState.RUNNING, with(DISPATCHED, "runId", "42"), T0.plusSeconds(1));
        RunReport r = report(with(DISPATCHED, "runId", "42"), T0.plusSeconds(2));
        assertSame(owner, RunMatcher.match(r, List.of(older, owner)).orElseThrow());
    }

    @Test
    public void aFinishedExecutionHoldingAllIdsIsAnsweredSoANewerOneDoesNotClaimItsRun() {
        StoredExecution done = execution("e1", ExecutionState.PASSED, with(DISPATCHED, "runId", "42"), T0);
        StoredExecution newer = execution("e2", ExecutionState.RUNNING, DISPATCHED, T0.plusSeconds(1));
        RunReport late = report(with(DISPATCHED, "runId", "42"), T0);
        assertSame(done, RunMatcher.match(late, List.of(done, newer)).orElseThrow());
    }

    @Test
    public void onlyARunningExecutionClaims() {
        RunReport r = report(with(DISPATCHED, "runId", "42"), T0.plusSeconds(2));
        for (ExecutionState state : new ExecutionState[] {ExecutionState.PENDING, ExecutionState.PASSED,
                ExecutionState.FAILED, ExecutionState.ERROR, ExecutionState.CANCELLED}) {
            StoredExecution e = execution("e1", state, DISPATCHED, T0);
            assertEquals(state.toString(), Optional.empty(), RunMatcher.match(r, List.of(e)));
        }
        StoredExecution finished = execution("e1", ExecutionState.FAILED, DISPATCHED, T0);
        StoredExecution running = execution("e2", ExecutionState.RUNNING, DISPATCHED, T0.plusSeconds(1));
        assertSame(running, RunMatcher.match(r, List.of(finished, running)).orElseThrow());
    }

    @Test
    public void aRunCreatedBeforeTheExecutionBeyondTheClockSkewIsNotClaimed() {
        StoredExecution e = execution("e1", ExecutionState.RUNNING, DISPATCHED, T0);
        Map<String, String> ids = with(DISPATCHED, "runId", "42");
        assertEquals(30, RunMatcher.CLOCK_SKEW.toSeconds());

        assertEquals(Optional.empty(), RunMatcher.match(report(ids, T0.minusSeconds(31)), List.of(e)));
        assertEquals(Optional.empty(), RunMatcher.match(report(ids, T0.minus(RunMatcher.CLOCK_SKEW).minusMillis(1)),
                List.of(e)));
        // within the skew, the provider's clock is taken to be behind
        assertSame(e, RunMatcher.match(report(ids, T0.minus(RunMatcher.CLOCK_SKEW)), List.of(e)).orElseThrow());
        assertSame(e, RunMatcher.match(report(ids, T0.minusSeconds(10)), List.of(e)).orElseThrow());
        // a report that does not say when the run was created may claim
        assertSame(e, RunMatcher.match(report(ids, null), List.of(e)).orElseThrow());
    }

    @Test
    public void anEarlierRunGoesToTheOlderExecutionItMayBelongTo() {
        // the run was created before the newer execution (beyond the skew): only the older one may claim it
        StoredExecution older = execution("e1", ExecutionState.RUNNING, DISPATCHED, T0);
        StoredExecution newer = execution("e2", ExecutionState.RUNNING, DISPATCHED, T0.plusSeconds(120));
        RunReport r = report(with(DISPATCHED, "runId", "42"), T0.plusSeconds(10));
        assertSame(older, RunMatcher.match(r, List.of(older, newer)).orElseThrow());

        // a run from before both is nobody's
        RunReport stale = report(with(DISPATCHED, "runId", "40"), T0.minusSeconds(300));
        assertEquals(Optional.empty(), RunMatcher.match(stale, List.of(older, newer)));
    }

    @Test
    public void theCreationTimeDoesNotKeepAnExecutionFromItsOwnRun() {
        // one that holds all of the report's ids is its run's, whatever the clocks say
        StoredExecution e = execution("e1", ExecutionState.RUNNING, with(DISPATCHED, "runId", "42"), T0);
        RunReport r = report(with(DISPATCHED, "runId", "42"), T0.minusSeconds(3600));
        assertSame(e, RunMatcher.match(r, List.of(e)).orElseThrow());
    }

    @Test
    public void idsOnlyTheExecutionHasDoNotMatter() {
        StoredExecution e = execution("e1", ExecutionState.RUNNING, with(DISPATCHED, "runId", "42"), T0);
        RunReport r = report(Map.of("runId", "42"), T0);
        Optional<StoredExecution> found = RunMatcher.match(r, List.of(e));
        assertTrue(found.isPresent());
        assertSame(e, found.get());
    }

    private static Map<String, String> with(Map<String, String> ids, String key, String value) {
        Map<String, String> out = new LinkedHashMap<>(ids);
        out.put(key, value);
        return out;
    }

    private static RunReport report(Map<String, String> ids, Instant createdAt) {
        return new RunReport(ids, RunState.PASSED, Map.of(), null, createdAt);
    }

    private static StoredExecution execution(String id, ExecutionState state, Map<String, String> ids, Instant createdAt) {
        Execution view = new Execution(id, Scope.organization("default"), "gh", "github", "run-workflow", state, Map.of(),
                ids, Map.of(), null, "api", createdAt, state == ExecutionState.PENDING ? null : createdAt, null);
        return new StoredExecution(view, "uid-gh", 1, false, null, createdAt);
    }
}
