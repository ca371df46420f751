package ${package}.internal;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.api.outbound.ApiClient;
import io.plugboard.api.provider.Action;
import io.plugboard.api.provider.ActionCall;
import io.plugboard.api.provider.ActionException;
import io.plugboard.api.provider.ActionRun;
import io.plugboard.api.provider.Provider;
import io.plugboard.provider.support.action.ActionSchemas;
import io.plugboard.provider.support.outbound.ProviderCalls;
import org.osgi.service.component.annotations.Component;

/**
 * {@code run-job}: {@code POST <api>/jobs} with {@code {"name": <job>, "ref": <ref>}}, answered with
 * {@code {"id": ...}}; the execution is then RUNNING with that id. Plugboard validates the input against
 * {@code actions/run-job.schema.json}, resolves the integration's token and calls {@link #start} once.
 *
 * <p>TODO: ${name}'s real call; then {@code reports} (which runs a verified webhook finishes, matched on the ids),
 * {@code poll} (asked while no report came) and {@code cancel}, as the Semaphore and GitHub actions do. A run that
 * is done at once returns {@code ActionRun.passed(ids, outputs)}.
 */
@Component(service = Action.class, property = Provider.PROVIDER_PROPERTY + "=" + ${classPrefix}Provider.ID)
public class ${classPrefix}RunJob implements Action {

    static final String NAME = "run-job";
    /** What the token needs, told in the execution's reason when ${name} refuses the call. */
    static final String PERMISSION = "permission to run jobs";
    private static final String SCHEMA = ActionSchemas.load(${classPrefix}RunJob.class, "actions/run-job.schema.json");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Runs a ${name} job";
    }

    @Override
    public String inputSchema() {
        return SCHEMA;
    }

    @Override
    public ActionRun start(ApiClient api, ActionCall call) throws ActionException {
        ObjectNode body = ProviderCalls.object();
        body.put("name", call.text("job"));
        body.put("ref", call.text("ref") == null ? "main" : call.text("ref"));
        // sent once: a request that may have arrived is never re-sent; a refusal (401, 403, 404, ...) becomes an
        // ActionException that says what the token lacks
        JsonNode answer = ProviderCalls.start(api, ProviderCalls.json("POST", "jobs", body),
                "run the job " + call.text("job"), PERMISSION);
        String id = answer.path("id").asText("");
        if (id.isEmpty()) {
            throw new ActionException("${name} started the job but answered no id");
        }
        return ActionRun.running(Map.of("jobId", id));
    }
}
