package io.plugboard.provider.gitlab.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.api.outbound.ApiClient;
import io.plugboard.api.outbound.ApiRequest;
import io.plugboard.api.provider.ActionException;
import io.plugboard.api.provider.HookNeed;
import io.plugboard.api.provider.HookSpec;
import io.plugboard.api.provider.IntegrationContext;
import io.plugboard.api.provider.Provider;
import io.plugboard.api.provider.Provisioner;
import io.plugboard.provider.support.outbound.ProviderCalls;
import org.osgi.service.component.annotations.Component;

/**
 * One GitLab project hook per project the event sources name ({@code gitlab: {project: group/name}}), with the
 * {@code *_events} flags of the event types they filter ({@code event: Push Hook}; every flag when one has none) and
 * the integration's webhook secret as its {@code token} (GitLab sends it back as {@code X-Gitlab-Token}).
 *
 * <p>https://docs.gitlab.com/api/project_webhooks/ (list, add, edit, delete a project hook): the token needs the
 * {@code api} scope and at least the Maintainer role on the project.
 */
@Component(service = Provisioner.class, property = Provider.PROVIDER_PROPERTY + "=" + GitLabProvider.ID)
public class GitLabProvisioner implements Provisioner {

    static final String PERMISSION = "the api scope and the Maintainer role";

    /** X-Gitlab-Event → the hook's flag. */
    static final Map<String, String> FLAGS = flags();

    private static Map<String, String> flags() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Push Hook", "push_events");
        m.put("Tag Push Hook", "tag_push_events");
        m.put("Merge Request Hook", "merge_requests_events");
        m.put("Issue Hook", "issues_events");
        m.put("Note Hook", "note_events");
        m.put("Pipeline Hook", "pipeline_events");
        m.put("Job Hook", "job_events");
        m.put("Deployment Hook", "deployment_events");
        m.put("Release Hook", "releases_events");
        return m;
    }

    @Override
    public Optional<HookNeed> hookFor(IntegrationContext integration, Map<String, Object> filter) throws ActionException {
        Object project = filter.get("project");
        if (project == null) {
            return Optional.empty();
        }
        Object event = filter.get("event");
        if (event != null && !FLAGS.containsKey(event.toString())) {
            throw new ActionException("gitlab.event '" + event + "' is not a GitLab hook event; one of " + FLAGS.keySet());
        }
        return Optional.of(new HookNeed("projects/" + ProviderCalls.segment(project.toString()),
                Set.of(event == null ? HookNeed.ALL : event.toString())));
    }

    @Override
    public String ensure(ApiClient api, HookSpec hook) throws ActionException {
        String project = project(hook.target());
        // GET /projects/:id/hooks
        JsonNode existing = ProviderCalls.call(api, ApiRequest.get(hook.target() + "/hooks?per_page=100"),
                "list the webhooks of " + project, PERMISSION, false);
        String id = null;
        for (JsonNode h : existing) {
            if (hook.url().equals(h.path("url").asText()) || h.path("id").asText().equals(hook.knownId())) {
                id = h.path("id").asText();
            }
        }
        ObjectNode body = ProviderCalls.object();
        body.put("url", hook.url());
        body.put("token", hook.secret());
        body.put("enable_ssl_verification", true);
        FLAGS.forEach((event, flag) -> body.put(flag, hook.all() || hook.items().contains(event)));
        if (id != null) {
            // PUT /projects/:id/hooks/:hook_id
            ProviderCalls.call(api, ProviderCalls.json("PUT", hook.target() + "/hooks/" + id, body),
                    "edit the webhook " + id + " of " + project, PERMISSION, false);
            return id;
        }
        // POST /projects/:id/hooks with url, token and the *_events flags
        JsonNode created = ProviderCalls.call(api, ProviderCalls.json("POST", hook.target() + "/hooks", body),
                "add the webhook to " + project, PERMISSION, false);
        String createdId = created.path("id").asText();
        if (createdId.isEmpty()) {
            throw new ActionException("GitLab added the webhook to " + project + " but answered no id");
        }
        return createdId;
    }

    @Override
    public void delete(ApiClient api, String target, String hookId) throws ActionException {
        // DELETE /projects/:id/hooks/:hook_id
        ProviderCalls.call(api, ApiRequest.delete(target + "/hooks/" + hookId), "delete the webhook " + hookId + " of "
                + project(target), PERMISSION, true);
    }

    /** {@code projects/group%2Fapp} → {@code group/app}, for messages. */
    private static String project(String target) {
        return java.net.URLDecoder.decode(target.substring("projects/".length()), java.nio.charset.StandardCharsets.UTF_8);
    }
}
