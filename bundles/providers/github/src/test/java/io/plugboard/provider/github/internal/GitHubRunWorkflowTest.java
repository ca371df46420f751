package io.plugboard.provider.github.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plugboard.api.provider.ActionCall;
import io.plugboard.api.provider.ActionException;
import io.plugboard.api.provider.ActionRun;
import io.plugboard.api.provider.RunReport;
import io.plugboard.api.provider.RunState;
import io.plugboard.provider.support.outbound.RecordingApiClient;
import io.plugboard.provider.support.outbound.TestIntegrationContext;
import org.junit.Test;

public class GitHubRunWorkflowTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant CREATED = Instant.parse("2024-05-01T10:00:00Z");

    private final GitHubRunWorkflow action = new GitHubRunWorkflow();

    @Test
    public void startDispatchesTheWorkflowWithItsRefAndInputsAsStrings() throws Exception {
        RecordingApiClient api = new RecordingApiClient().answer(204, "");
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("env", "prod");
        inputs.put("replicas", 3);
        inputs.put("dry", true);
        ActionRun run = action.start(api, call(input("Octo/Hello", "ci.yml", "refs/heads/main", inputs)));

        assertEquals(List.of("POST repos/Octo/Hello/actions/workflows/ci.yml/dispatches"), api.calls);
        JsonNode body = JSON.readTree(api.bodies.get(0));
        assertEquals(JSON.readTree("{\"ref\": \"refs/heads/main\", \"inputs\": {\"env\": \"prod\", \"replicas\": \"3\", "
                + "\"dry\": \"true\"}}"), body);

        // GitHub answers no run id: the execution is running, known by what its run will be reported with
        assertEquals(RunState.RUNNING, run.state());
        assertEquals(Map.of("repository", "octo/hello", "workflow", "ci.yml", "ref", "main", "event", "workflow_dispatch"),
                run.ids());
        assertEquals(Map.of(), run.outputs());
        assertNull(run.reason());
    }

    @Test
    public void withoutInputsTheBodyHasOnlyTheRef() throws Exception {
        RecordingApiClient api = new RecordingApiClient().answer(204, "").answer(204, "");
        action.start(api, call(input("octo/hello", "ci.yml", "main", null)));
        action.start(api, call(input("octo/hello", "ci.yml", "main", Map.of())));
        assertEquals(JSON.readTree("{\"ref\": \"main\"}"), JSON.readTree(api.bodies.get(0)));
        assertEquals(JSON.readTree("{\"ref\": \"main\"}"), JSON.readTree(api.bodies.get(1)));
    }

    @Test
    public void aNumericWorkflowIsItsIdAndATagRefItsName() throws Exception {
        RecordingApiClient api = new RecordingApiClient().answer(204, "");
        ActionRun run = action.start(api, call(input("octo/hello", "161335", "refs/tags/v1.2", null)));
        assertEquals(List.of("POST repos/octo/hello/actions/workflows/161335/dispatches"), api.calls);
        assertEquals(Map.of("repository", "octo/hello", "workflowId", "161335", "ref", "v1.2", "event", "workflow_dispatch"),
                run.ids());
    }

    @Test
    public void aRefusedDispatchSaysWhatTheTokenNeeds() {
        RecordingApiClient api = new RecordingApiClient().answer(403, "{\"message\": \"Must have admin rights\"}");
        ActionException e = assertThrows(ActionException.class,
                () -> action.start(api, call(input("octo/hello", "ci.yml", "main", null))));
        assertTrue(e.getMessage(), e.getMessage().contains(GitHubRunWorkflow.PERMISSION)
                && e.getMessage().contains("ci.yml") && e.getMessage().contains("Must have admin rights"));
        assertFalse(e.retryable());
    }

    @Test
    public void aDispatchThatMayHaveReachedGitHubIsNotTriedAgain() {
        RecordingApiClient api = new RecordingApiClient().answer(502, "");
        ActionException e = assertThrows(ActionException.class,
                () -> action.start(api, call(input("octo/hello", "ci.yml", "main", null))));
        assertFalse(e.getMessage(), e.retryable());
        assertEquals(1, api.calls.size());
    }

    @Test
    public void aSuccessfulCompletedRunPasses() throws Exception {
        List<RunReport> reports = action.reports("workflow_run", webhook("completed", "success", "workflow_dispatch"));
        assertEquals(1, reports.size());
        RunReport r = reports.get(0);
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("runId", "30433642");
        ids.put("repository", "octo/hello");
        ids.put("workflow", "ci.yml");
        ids.put("workflowId", "161335");
        ids.put("ref", "main");
        ids.put("event", "workflow_dispatch");
        assertEquals(ids, r.ids());
        assertEquals(RunState.PASSED, r.state());
        assertEquals(Map.of("runId", "30433642", "runUrl", "https://github.com/Octo/Hello/actions/runs/30433642",
                "conclusion", "success"), r.outputs());
        assertNull(r.reason());
        assertEquals(Instant.parse("2024-05-01T10:00:05Z"), r.createdAt());
    }

    @Test
    public void aReportCarriesTheIdsTheDispatchStartedWith() throws Exception {
        ActionRun run = action.start(new RecordingApiClient().answer(204, ""),
                call(input("Octo/Hello", "ci.yml", "refs/heads/main", null)));
        RunReport r = action.reports("workflow_run", webhook("completed", "success", "workflow_dispatch")).get(0);
        run.ids().forEach((k, v) -> assertEquals(k, v, r.ids().get(k)));
        assertTrue(r.ids().containsKey("runId"));
    }

    @Test
    public void aFailedRunFailsWithTheConclusionAsItsReason() throws Exception {
        RunReport r = action.reports("workflow_run", webhook("completed", "failure", "workflow_dispatch")).get(0);
        assertEquals(RunState.FAILED, r.state());
        assertEquals("the workflow run concluded failure", r.reason());
        assertEquals("failure", r.outputs().get("conclusion"));

        RunReport timedOut = action.reports("workflow_run", webhook("completed", "timed_out", "workflow_dispatch")).get(0);
        assertEquals(RunState.FAILED, timedOut.state());
        assertEquals("the workflow run concluded timed_out", timedOut.reason());
    }

    @Test
    public void aCancelledRunIsCancelledWithoutAReason() throws Exception {
        RunReport r = action.reports("workflow_run", webhook("completed", "cancelled", "workflow_dispatch")).get(0);
        assertEquals(RunState.CANCELLED, r.state());
        assertNull(r.reason());
    }

    @Test
    public void aRunNotCompletedYetIsRunning() throws Exception {
        RunReport r = action.reports("workflow_run", webhook("in_progress", null, "workflow_dispatch")).get(0);
        assertEquals(RunState.RUNNING, r.state());
        assertNull(r.reason());
        assertFalse(r.outputs().containsKey("conclusion"));
        assertEquals("30433642", r.ids().get("runId"));
    }

    @Test
    public void onlyDispatchedWorkflowRunsAreReported() throws Exception {
        assertEquals(List.of(), action.reports("workflow_run", webhook("completed", "success", "push")));
        assertEquals(List.of(), action.reports("workflow_run", webhook("completed", "success", "schedule")));
        assertEquals(List.of(), action.reports("push", webhook("completed", "success", "workflow_dispatch")));
        assertEquals(List.of(), action.reports("workflow_job", webhook("completed", "success", "workflow_dispatch")));
        assertEquals(List.of(), action.reports("workflow_run", Map.of("action", "completed")));
        assertEquals(List.of(), action.reports("workflow_run", Map.of("workflow_run", "not an object")));

        Map<String, Object> noId = webhook("completed", "success", "workflow_dispatch");
        ((Map<?, ?>) noId.get("workflow_run")).remove("id");
        assertEquals(List.of(), action.reports("workflow_run", noId));
    }

    @Test
    public void withoutATopLevelRepositoryTheRunsOwnIsUsed() throws Exception {
        Map<String, Object> body = webhook("completed", "success", "workflow_dispatch");
        body.remove("repository");
        @SuppressWarnings("unchecked")
        Map<String, Object> run = (Map<String, Object>) body.get("workflow_run");
        run.put("repository", Map.of("full_name", "Octo/Other"));
        assertEquals("octo/other", action.reports("workflow_run", body).get(0).ids().get("repository"));
    }

    @Test
    public void stateMapsTheConclusion() {
        assertEquals(RunState.PASSED, GitHubRunWorkflow.state("success"));
        assertEquals(RunState.PASSED, GitHubRunWorkflow.state("neutral"));
        assertEquals(RunState.PASSED, GitHubRunWorkflow.state("skipped"));
        assertEquals(RunState.CANCELLED, GitHubRunWorkflow.state("cancelled"));
        assertEquals(RunState.FAILED, GitHubRunWorkflow.state("failure"));
        assertEquals(RunState.FAILED, GitHubRunWorkflow.state("timed_out"));
        assertEquals(RunState.FAILED, GitHubRunWorkflow.state("action_required"));
        assertEquals(RunState.FAILED, GitHubRunWorkflow.state("startup_failure"));
        assertEquals(RunState.FAILED, GitHubRunWorkflow.state("stale"));
        assertEquals(RunState.FAILED, GitHubRunWorkflow.state(null));
    }

    @Test
    public void pollingAKnownRunReadsIt() throws Exception {
        String run = JSON.writeValueAsString(webhook("completed", "success", "workflow_dispatch").get("workflow_run"));
        RecordingApiClient api = new RecordingApiClient().answer(200, run);
        List<RunReport> reports = action.poll(api, call(input("Octo/Hello", "ci.yml", "main", null)),
                Map.of("runId", "30433642"));
        assertEquals(List.of("GET repos/Octo/Hello/actions/runs/30433642"), api.calls);
        assertEquals(1, reports.size());
        assertEquals(RunState.PASSED, reports.get(0).state());
        assertEquals("octo/hello", reports.get(0).ids().get("repository"));
    }

    @Test
    public void pollingBeforeTheRunIsKnownListsTheWorkflowsRunsOldestFirst() throws Exception {
        Map<String, Object> newer = run(2, "in_progress", null, "2024-05-01T10:00:20Z");
        Map<String, Object> older = run(1, "completed", "failure", "2024-05-01T10:00:05Z");
        RecordingApiClient api = new RecordingApiClient().answer(200,
                JSON.writeValueAsString(Map.of("total_count", 2, "workflow_runs", List.of(newer, older))));
        List<RunReport> reports = action.poll(api, call(input("octo/hello", "ci.yml", "refs/heads/main", null)),
                Map.of("repository", "octo/hello", "workflow", "ci.yml", "ref", "main", "event", "workflow_dispatch"));
        assertEquals(List.of("GET repos/octo/hello/actions/workflows/ci.yml/runs?event=workflow_dispatch&branch=main"
                + "&created=%3E%3D2024-05-01T09%3A59%3A30Z&per_page=20"), api.calls);
        assertEquals(2, reports.size());
        assertEquals("1", reports.get(0).ids().get("runId"));
        assertEquals(RunState.FAILED, reports.get(0).state());
        assertEquals("2", reports.get(1).ids().get("runId"));
        assertEquals(RunState.RUNNING, reports.get(1).state());
        // the list's runs carry no repository of their own here: the execution's is used
        assertEquals("octo/hello", reports.get(1).ids().get("repository"));
    }

    private static ActionCall call(Map<String, Object> input) {
        return new ActionCall(TestIntegrationContext.of("gh", Map.of()), "ex-1", input, CREATED);
    }

    private static Map<String, Object> input(String repository, String workflow, String ref, Map<String, Object> inputs) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("repository", repository);
        input.put("workflow", workflow);
        input.put("ref", ref);
        if (inputs != null) {
            input.put("inputs", inputs);
        }
        return input;
    }

    private static Map<String, Object> run(long id, String status, String conclusion, String createdAt) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("id", id);
        run.put("name", "CI");
        run.put("head_branch", "main");
        run.put("path", ".github/workflows/ci.yml");
        run.put("event", "workflow_dispatch");
        run.put("status", status);
        run.put("conclusion", conclusion);
        run.put("workflow_id", 161335);
        run.put("html_url", "https://github.com/Octo/Hello/actions/runs/" + id);
        run.put("created_at", createdAt);
        return run;
    }

    /** A {@code workflow_run} webhook body, parsed as Plugboard hands it to actions (numbers as numbers). */
    private static Map<String, Object> webhook(String status, String conclusion, String event) throws Exception {
        Map<String, Object> run = run(30433642L, status, conclusion, "2024-05-01T10:00:05Z");
        run.put("event", event);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("action", "completed".equals(status) ? "completed" : "in_progress");
        body.put("workflow_run", run);
        body.put("repository", Map.of("id", 1296269, "full_name", "Octo/Hello"));
        body.put("sender", Map.of("login", "octocat"));
        // round-trip through JSON, as a webhook body arrives
        return JSON.readValue(JSON.writeValueAsString(body), new TypeReference<LinkedHashMap<String, Object>>() { });
    }
}
