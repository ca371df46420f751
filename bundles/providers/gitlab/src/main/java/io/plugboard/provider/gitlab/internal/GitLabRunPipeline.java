package io.plugboard.provider.gitlab.internal;

import java.util.LinkedHashMap;
import java.util.List;
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
 * {@code run-pipeline}: a new pipeline of a project (https://docs.gitlab.com/api/pipelines/#create-a-new-pipeline),
 * followed by its id: the project's Pipeline Hook
 * (https://docs.gitlab.com/user/project/integrations/webhook_events/#pipeline-events) or, as a fallback,
 * {@code GET /projects/:id/pipelines/:pipeline_id} (https://docs.gitlab.com/api/pipelines/#get-a-single-pipeline).
 */
@Component(service = Action.class, property = Provider.PROVIDER_PROPERTY + "=" + GitLabProvider.ID)
public class GitLabRunPipeline implements Action {

    static final String NAME = "run-pipeline";
    static final String PERMISSION = "the api scope and the Developer role";
    private static final String SCHEMA = ActionSchemas.load(GitLabRunPipeline.class, "actions/run-pipeline.schema.json");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Runs a new CI/CD pipeline of a GitLab project on a branch or tag, with variables";
    }

    @Override
    public String inputSchema() {
        return SCHEMA;
    }

    @Override
    public ActionRun start(ApiClient api, ActionCall call) throws ActionException {
        String project = call.text("project");
        ObjectNode body = ProviderCalls.object();
        body.put("ref", call.text("ref"));
        if (call.input().get("variables") instanceof Map<?, ?> variables && !variables.isEmpty()) {
            ArrayNode list = body.putArray("variables");
            variables.forEach((k, v) -> list.addObject().put("key", k.toString()).put("value", String.valueOf(v)));
        }
        // POST /projects/:id/pipeline → 201 {id, status, web_url, …}
        JsonNode pipeline = ProviderCalls.start(api, ProviderCalls.json("POST", "projects/" + ProviderCalls.segment(project)
                + "/pipeline", body), "run a pipeline of " + project + " on " + call.text("ref"), PERMISSION);
        String id = pipeline.path("id").asText("");
        if (id.isEmpty()) {
            throw new ActionException("GitLab created the pipeline but answered no id");
        }
        RunReport now = report(JSON.convertValue(pipeline, MAP));
        return new ActionRun(now.state(), Map.of("pipelineId", id), now.outputs(), now.reason());
    }

    @Override
    public List<RunReport> poll(ApiClient api, ActionCall call, Map<String, String> ids) throws ActionException {
        String id = ids.get("pipelineId");
        if (id == null) {
            return List.of();
        }
        // GET /projects/:id/pipelines/:pipeline_id
        JsonNode pipeline = ProviderCalls.call(api, ApiRequest.get("projects/" + ProviderCalls.segment(call.text("project"))
                + "/pipelines/" + id), "read the pipeline " + id, PERMISSION, false);
        return List.of(report(JSON.convertValue(pipeline, MAP)));
    }

    @Override
    public List<RunReport> reports(String eventType, Map<String, Object> body) {
        if (!"Pipeline Hook".equals(eventType) || !"pipeline".equals(JsonMaps.text(body, "object_kind"))
                || !(JsonMaps.at(body, "object_attributes") instanceof Map<?, ?>)) {
            return List.of();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> attributes = (Map<String, Object>) JsonMaps.at(body, "object_attributes");
        return JsonMaps.text(attributes, "id") == null ? List.of() : List.of(report(attributes));
    }

    /** A pipeline (REST answer or the hook's object_attributes: the same fields) as a report. */
    static RunReport report(Map<String, Object> pipeline) {
        String status = JsonMaps.text(pipeline, "status");
        RunState state = state(status);
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("pipelineId", JsonMaps.text(pipeline, "id"));
        if (status != null) {
            outputs.put("status", status);
        }
        if (JsonMaps.text(pipeline, "web_url") != null) {
            outputs.put("pipelineUrl", JsonMaps.text(pipeline, "web_url"));
        }
        return new RunReport(Map.of("pipelineId", JsonMaps.text(pipeline, "id")), state, outputs,
                state == RunState.FAILED ? "the pipeline " + status : state == RunState.CANCELLED
                        ? "the pipeline was " + status : null, null);
    }

    /** success passes; failed fails; canceled and skipped are cancelled; the rest are still running. */
    static RunState state(String status) {
        if (status == null) {
            return RunState.RUNNING;
        }
        switch (status) {
            case "success": return RunState.PASSED;
            case "failed": return RunState.FAILED;
            case "canceled": case "skipped": return RunState.CANCELLED;
            default: return RunState.RUNNING;
        }
    }

    @Override
    public boolean cancellable() {
        return true;
    }

    @Override
    public void cancel(ApiClient api, ActionCall call, Map<String, String> ids) throws ActionException {
        // POST /projects/:id/pipelines/:pipeline_id/cancel (https://docs.gitlab.com/api/pipelines/#cancel-a-pipelines-jobs)
        ProviderCalls.call(api, ApiRequest.json("POST", "projects/" + ProviderCalls.segment(call.text("project"))
                + "/pipelines/" + ids.get("pipelineId") + "/cancel", "{}"), "cancel the pipeline " + ids.get("pipelineId"),
                PERMISSION, false);
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> MAP =
            new com.fasterxml.jackson.core.type.TypeReference<>() { };
}
