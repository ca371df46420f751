package io.plugboard.provider.github.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.api.outbound.ApiClient;
import io.plugboard.api.outbound.ApiRequest;
import io.plugboard.api.provider.Action;
import io.plugboard.api.provider.ActionCall;
import io.plugboard.api.provider.ActionException;
import io.plugboard.api.provider.ActionRun;
import io.plugboard.api.provider.Provider;
import io.plugboard.api.provider.RunReport;
import io.plugboard.api.provider.RunState;
import io.plugboard.provider.support.action.ActionSchemas;
import io.plugboard.provider.support.json.JsonMaps;
import io.plugboard.provider.support.outbound.ProviderCalls;
import org.osgi.service.component.annotations.Component;

/**
 * {@code run-workflow}: a {@code workflow_dispatch} of a GitHub Actions workflow, followed to its conclusion.
 *
 * <p>GitHub answers the dispatch {@code 204} without the run's id
 * (https://docs.github.com/en/rest/actions/workflows#create-a-workflow-dispatch-event), so the execution starts with
 * what identifies its run — repository, workflow, ref and {@code event: workflow_dispatch} — and the first run GitHub
 * reports with those, created after the execution, is its run: from the {@code workflow_run} webhook
 * (https://docs.github.com/en/webhooks/webhook-events-and-payloads#workflow_run), or from the poll
 * {@code GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs?event=workflow_dispatch&branch=&created=>=}
 * (https://docs.github.com/en/rest/actions/workflow-runs#list-workflow-runs-for-a-workflow). Two executions of the
 * same workflow and ref started together take the runs in the order GitHub created them.
 */
@Component(service = Action.class, property = Provider.PROVIDER_PROPERTY + "=" + GitHubProvider.ID)
public class GitHubRunWorkflow implements Action {

    static final String NAME = "run-workflow";
    static final String PERMISSION = "the repo scope (classic token) or Actions: read and write (fine-grained token, GitHub App)";
    private static final String SCHEMA = ActionSchemas.load(GitHubRunWorkflow.class, "actions/run-workflow.schema.json");
    private static final String DISPATCH = "workflow_dispatch";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Runs a GitHub Actions workflow (workflow_dispatch) on a branch or tag, with its inputs";
    }

    @Override
    public String inputSchema() {
        return SCHEMA;
    }

    @Override
    public ActionRun start(ApiClient api, ActionCall call) throws ActionException {
        String repository = call.text("repository");
        String workflow = call.text("workflow");
        ObjectNode body = ProviderCalls.object();
        body.put("ref", call.text("ref"));
        if (call.input().get("inputs") instanceof Map<?, ?> inputs && !inputs.isEmpty()) {
            // workflow_dispatch inputs are strings, whatever their declared type
            ObjectNode values = body.putObject("inputs");
            inputs.forEach((k, v) -> values.put(k.toString(), String.valueOf(v)));
        }
        // POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches → 204
        // https://docs.github.com/en/rest/actions/workflows#create-a-workflow-dispatch-event
        ProviderCalls.start(api, ProviderCalls.json("POST", "repos/" + repository + "/actions/workflows/"
                + ProviderCalls.segment(workflow) + "/dispatches", body), "run the workflow " + workflow + " on "
                + repository, PERMISSION);
        return ActionRun.running(identity(repository, workflow, call.text("ref")));
    }

    /** What the execution's run will be reported with: repository, workflow (file name or id), ref, event. */
    static Map<String, String> identity(String repository, String workflow, String ref) {
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("repository", repository.toLowerCase(Locale.ROOT));
        ids.put(workflow.matches("\\d+") ? "workflowId" : "workflow", workflow);
        ids.put("ref", branch(ref));
        ids.put("event", DISPATCH);
        return ids;
    }

    @Override
    public List<RunReport> poll(ApiClient api, ActionCall call, Map<String, String> ids) throws ActionException {
        String repository = call.text("repository");
        String runId = ids.get("runId");
        if (runId != null) {
            // GET /repos/{owner}/{repo}/actions/runs/{run_id}
            // https://docs.github.com/en/rest/actions/workflow-runs#get-a-workflow-run
            JsonNode run = ProviderCalls.call(api, ApiRequest.get("repos/" + repository + "/actions/runs/" + runId),
                    "read the workflow run " + runId + " of " + repository, PERMISSION, false);
            return List.of(report(JSON.convertValue(run, MAP), repository));
        }
        String since = call.createdAt().minusSeconds(30).toString();
        // GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs?event=&branch=&created=>=
        // https://docs.github.com/en/rest/actions/workflow-runs#list-workflow-runs-for-a-workflow
        JsonNode runs = ProviderCalls.call(api, ApiRequest.get("repos/" + repository + "/actions/workflows/"
                + ProviderCalls.segment(call.text("workflow")) + "/runs?event=" + DISPATCH + "&branch="
                + query(branch(call.text("ref"))) + "&created=" + query(">=" + since) + "&per_page=20"),
                "list the runs of " + call.text("workflow") + " on " + repository, PERMISSION, false);
        List<RunReport> reports = new ArrayList<>();
        List<JsonNode> oldestFirst = new ArrayList<>();
        runs.path("workflow_runs").forEach(oldestFirst::add);
        java.util.Collections.reverse(oldestFirst); // GitHub lists the newest first
        for (JsonNode run : oldestFirst) {
            reports.add(report(JSON.convertValue(run, MAP), repository));
        }
        return reports;
    }

    @Override
    public List<RunReport> reports(String eventType, Map<String, Object> body) {
        if (!"workflow_run".equals(eventType) || !(JsonMaps.at(body, "workflow_run") instanceof Map<?, ?>)) {
            return List.of();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> run = (Map<String, Object>) JsonMaps.at(body, "workflow_run");
        if (!DISPATCH.equals(JsonMaps.text(run, "event")) || JsonMaps.text(run, "id") == null) {
            return List.of();
        }
        String repository = JsonMaps.text(body, "repository", "full_name");
        return List.of(report(run, repository == null ? JsonMaps.text(run, "repository", "full_name") : repository));
    }

    /** A workflow run object (webhook or REST: the same shape) as a report. */
    static RunReport report(Map<String, Object> run, String repository) {
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("runId", JsonMaps.text(run, "id"));
        if (repository != null) {
            ids.put("repository", repository.toLowerCase(Locale.ROOT));
        }
        String path = JsonMaps.text(run, "path");
        if (path != null) {
            ids.put("workflow", path.substring(path.lastIndexOf('/') + 1));
        }
        if (JsonMaps.text(run, "workflow_id") != null) {
            ids.put("workflowId", JsonMaps.text(run, "workflow_id"));
        }
        if (JsonMaps.text(run, "head_branch") != null) {
            ids.put("ref", JsonMaps.text(run, "head_branch"));
        }
        if (JsonMaps.text(run, "event") != null) {
            ids.put("event", JsonMaps.text(run, "event"));
        }
        String status = JsonMaps.text(run, "status");
        String conclusion = JsonMaps.text(run, "conclusion");
        RunState state = !"completed".equals(status) ? RunState.RUNNING : state(conclusion);
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("runId", ids.get("runId"));
        if (JsonMaps.text(run, "html_url") != null) {
            outputs.put("runUrl", JsonMaps.text(run, "html_url"));
        }
        if (conclusion != null) {
            outputs.put("conclusion", conclusion);
        }
        Instant created = JsonMaps.instant(run, "created_at");
        return new RunReport(ids, state, outputs, state == RunState.FAILED ? "the workflow run concluded " + conclusion
                : null, created);
    }

    /** A completed run's conclusion: success, neutral and skipped pass; cancelled is cancelled; the rest fail. */
    static RunState state(String conclusion) {
        if (conclusion == null) {
            return RunState.FAILED;
        }
        switch (conclusion) {
            case "success": case "neutral": case "skipped": return RunState.PASSED;
            case "cancelled": return RunState.CANCELLED;
            default: return RunState.FAILED;
        }
    }

    @Override
    public boolean cancellable() {
        return true;
    }

    @Override
    public void cancel(ApiClient api, ActionCall call, Map<String, String> ids) throws ActionException {
        String runId = ids.get("runId");
        if (runId == null) {
            throw new ActionException("GitHub has not reported the run yet; cancel it again in a moment");
        }
        // POST /repos/{owner}/{repo}/actions/runs/{run_id}/cancel → 202
        // https://docs.github.com/en/rest/actions/workflow-runs#cancel-a-workflow-run
        ProviderCalls.call(api, ApiRequest.json("POST", "repos/" + call.text("repository") + "/actions/runs/" + runId
                + "/cancel", "{}"), "cancel the workflow run " + runId, PERMISSION, false);
    }

    /** {@code refs/heads/main} → {@code main} (GitHub reports the branch or tag name). */
    static String branch(String ref) {
        return ref.startsWith("refs/heads/") ? ref.substring(11) : ref.startsWith("refs/tags/") ? ref.substring(10) : ref;
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> MAP =
            new com.fasterxml.jackson.core.type.TypeReference<>() { };
}
