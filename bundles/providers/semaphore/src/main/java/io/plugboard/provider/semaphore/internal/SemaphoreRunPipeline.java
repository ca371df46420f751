package io.plugboard.provider.semaphore.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
 * {@code run-pipeline}: Semaphore's "Run workflow" ({@code POST /api/v1alpha/plumber-workflows} with
 * {@code project_id}, {@code reference}, {@code pipeline_file}, {@code commit_sha}; it answers
 * {@code {workflow_id, pipeline_id, hook_id}}: https://docs.semaphoreci.com/reference/api#run-workflow), followed by
 * the pipeline's id: the notification Plugboard provisions posts {@code pipeline_done}
 * (https://docs.semaphoreci.com/reference/notifications-yaml), and {@code GET /api/v1alpha/pipelines/:pipeline_id}
 * (https://docs.semaphoreci.com/reference/api#describe-pipeline) is the fallback. Cancel is "Stopping a pipeline":
 * {@code PATCH /api/v1alpha/pipelines/:pipeline_id} with {@code {"terminate_request": true}}.
 *
 * <p>{@code parameters} go as {@code parameters: [{name, value}]}, the shape Semaphore's parameterized runs (tasks,
 * promotions) take; the v1alpha page does not list the field for this call, so a Semaphore that ignores it runs
 * the pipeline with its defaults.
 */
@Component(service = Action.class, property = Provider.PROVIDER_PROPERTY + "=" + SemaphoreProvider.ID)
public class SemaphoreRunPipeline implements Action {

    static final String NAME = "run-pipeline";
    static final String PERMISSION = "permission to run workflows of the project (Contributor role)";
    static final String DEFAULT_PIPELINE = ".semaphore/semaphore.yml";
    private static final String SCHEMA = ActionSchemas.load(SemaphoreRunPipeline.class, "actions/run-pipeline.schema.json");
    private static final String PIPELINES = "v1alpha/pipelines/";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Runs a workflow of a Semaphore project on a branch, from a pipeline file, with parameters";
    }

    @Override
    public String inputSchema() {
        return SCHEMA;
    }

    @Override
    public ActionRun start(ApiClient api, ActionCall call) throws ActionException {
        String branch = call.text("branch");
        ObjectNode body = ProviderCalls.object();
        body.put("project_id", call.text("projectId"));
        body.put("reference", branch.startsWith("refs/") ? branch : "refs/heads/" + branch);
        body.put("pipeline_file", call.text("pipelineFile") == null ? DEFAULT_PIPELINE : call.text("pipelineFile"));
        if (call.text("commitSha") != null) {
            body.put("commit_sha", call.text("commitSha"));
        }
        if (call.input().get("parameters") instanceof Map<?, ?> parameters && !parameters.isEmpty()) {
            ArrayNode list = body.putArray("parameters");
            parameters.forEach((k, v) -> list.addObject().put("name", k.toString()).put("value", String.valueOf(v)));
        }
        // POST /api/v1alpha/plumber-workflows → 200 {workflow_id, pipeline_id, hook_id}
        JsonNode answer = ProviderCalls.start(api, ProviderCalls.json("POST", "v1alpha/plumber-workflows", body),
                "run a workflow of project " + call.text("projectId") + " on " + branch, PERMISSION);
        String pipeline = answer.path("pipeline_id").asText("");
        if (pipeline.isEmpty()) {
            throw new ActionException("Semaphore ran the workflow but answered no pipeline_id");
        }
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("pipelineId", pipeline);
        ids.put("workflowId", answer.path("workflow_id").asText(""));
        return ActionRun.running(ids);
    }

    @Override
    public List<RunReport> poll(ApiClient api, ActionCall call, Map<String, String> ids) throws ActionException {
        String pipeline = ids.get("pipelineId");
        // GET /api/v1alpha/pipelines/:pipeline_id → {pipeline: {ppl_id, wf_id, state, result, …}}
        JsonNode answer = ProviderCalls.call(api, ApiRequest.get(PIPELINES + pipeline), "read the pipeline " + pipeline,
                PERMISSION, false);
        JsonNode p = answer.path("pipeline");
        String state = p.path("state").asText("");
        String result = p.path("result").asText("");
        return List.of(report(pipeline, p.path("wf_id").asText(null), "done".equalsIgnoreCase(state) ? result : null));
    }

    @Override
    public List<RunReport> reports(String eventType, Map<String, Object> body) {
        String pipeline = JsonMaps.text(body, "pipeline", "id");
        if (!SemaphoreWebhookVerifier.EVENT_TYPE.equals(eventType) || pipeline == null) {
            return List.of();
        }
        return List.of(report(pipeline, JsonMaps.text(body, "workflow", "id"), JsonMaps.text(body, "pipeline", "result")));
    }

    /** @param result passed | failed | stopped | canceled, {@code null} while the pipeline runs */
    static RunReport report(String pipeline, String workflow, String result) {
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("pipelineId", pipeline);
        if (workflow != null && !workflow.isEmpty()) {
            ids.put("workflowId", workflow);
        }
        String r = result == null ? null : result.toLowerCase(Locale.ROOT);
        RunState state = r == null ? RunState.RUNNING : "passed".equals(r) ? RunState.PASSED
                : "stopped".equals(r) || "canceled".equals(r) ? RunState.CANCELLED : RunState.FAILED;
        Map<String, Object> outputs = new LinkedHashMap<>();
        if (r != null) {
            outputs.put("result", r);
        }
        return new RunReport(ids, state, outputs, state == RunState.FAILED ? "the pipeline " + r
                : state == RunState.CANCELLED ? "the pipeline was " + r : null, null);
    }

    @Override
    public boolean cancellable() {
        return true;
    }

    @Override
    public void cancel(ApiClient api, ActionCall call, Map<String, String> ids) throws ActionException {
        ObjectNode body = ProviderCalls.object();
        body.put("terminate_request", true);
        ProviderCalls.call(api, ProviderCalls.json("PATCH", PIPELINES + ids.get("pipelineId"), body),
                "stop the pipeline " + ids.get("pipelineId"), PERMISSION, false);
    }
}
