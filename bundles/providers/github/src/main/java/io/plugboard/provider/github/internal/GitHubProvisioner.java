package io.plugboard.provider.github.internal;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

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
 * One GitHub webhook per repository the event sources name ({@code github: {repository: owner/name}}), or one
 * organization hook when the integration says {@code github: {organization: x}}; its events are the union of the
 * event sources' {@code event} filters ({@code *} when one has none).
 *
 * <p>Repository hooks: https://docs.github.com/en/rest/repos/webhooks (list, create, update, delete; the token needs
 * {@code admin:repo_hook}, or "Webhooks: read and write" for a fine-grained token or a GitHub App). Organization hooks:
 * https://docs.github.com/en/rest/orgs/webhooks (same shapes; {@code admin:org_hook}).
 */
@Component(service = Provisioner.class, property = Provider.PROVIDER_PROPERTY + "=" + GitHubProvider.ID)
public class GitHubProvisioner implements Provisioner {

    private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");
    private static final Pattern ORGANIZATION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]*");

    @Override
    public Optional<HookNeed> hookFor(IntegrationContext integration, Map<String, Object> filter) throws ActionException {
        Set<String> events = Set.of(filter.get("event") == null ? HookNeed.ALL : String.valueOf(filter.get("event")));
        Object block = integration.settings().get(GitHubProvider.ID);
        Object organization = block instanceof Map<?, ?> m ? m.get("organization") : null;
        if (organization != null) {
            if (!ORGANIZATION.matcher(organization.toString()).matches()) {
                throw new ActionException("github.organization '" + organization + "' is not a GitHub organization name");
            }
            return Optional.of(new HookNeed("orgs/" + organization, events));
        }
        Object repository = filter.get("repository");
        if (repository == null) {
            return Optional.empty(); // no repository named: nothing to create; the hook is the user's
        }
        if (!REPOSITORY.matcher(repository.toString()).matches()) {
            throw new ActionException("github.repository '" + repository + "' is not of the form owner/name");
        }
        return Optional.of(new HookNeed("repos/" + repository, events));
    }

    @Override
    public String ensure(ApiClient api, HookSpec hook) throws ActionException {
        String where = hook.target().substring(hook.target().indexOf('/') + 1);
        String permission = permission(hook.target());
        // GET /repos/{owner}/{repo}/hooks (or /orgs/{org}/hooks): the first 100 are enough to find our own
        JsonNode existing = ProviderCalls.call(api, ApiRequest.get(hook.target() + "/hooks?per_page=100"),
                "list the webhooks of " + where, permission, false);
        String id = null;
        for (JsonNode h : existing) {
            String hid = h.path("id").asText();
            if (hook.url().equals(h.path("config").path("url").asText()) || hid.equals(hook.knownId())) {
                id = hid;
                if (hook.url().equals(h.path("config").path("url").asText())) {
                    break;
                }
            }
        }
        ObjectNode body = ProviderCalls.object();
        body.put("active", true);
        hook.items().stream().sorted().forEach(body.putArray("events")::add);
        ObjectNode config = body.putObject("config");
        config.put("url", hook.url());
        config.put("content_type", "json");
        config.put("secret", hook.secret());
        config.put("insecure_ssl", "0");
        if (id != null) {
            // PATCH /repos/{owner}/{repo}/hooks/{hook_id}: adopt the hook that already points here
            ProviderCalls.call(api, ProviderCalls.json("PATCH", hook.target() + "/hooks/" + id, body),
                    "update the webhook " + id + " of " + where, permission, false);
            return id;
        }
        body.put("name", "web");
        // POST /repos/{owner}/{repo}/hooks: name "web", config {url, content_type, secret, insecure_ssl}, events
        JsonNode created = ProviderCalls.call(api, ProviderCalls.json("POST", hook.target() + "/hooks", body),
                "create the webhook on " + where, permission, false);
        String createdId = created.path("id").asText();
        if (createdId.isEmpty()) {
            throw new ActionException("GitHub created the webhook on " + where + " but answered no id");
        }
        return createdId;
    }

    @Override
    public void delete(ApiClient api, String target, String hookId) throws ActionException {
        // DELETE /repos/{owner}/{repo}/hooks/{hook_id}: 204; 404 when it is gone already
        ProviderCalls.call(api, ApiRequest.delete(target + "/hooks/" + hookId),
                "delete the webhook " + hookId + " of " + target.substring(target.indexOf('/') + 1), permission(target), true);
    }

    private static String permission(String target) {
        return target.startsWith("orgs/") ? "admin:org_hook" : "admin:repo_hook (or 'Webhooks: write')";
    }
}
