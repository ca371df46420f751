package io.plugboard.provider.semaphore.internal;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
 * One Semaphore notification per integration, {@code plugboard-<integration>}, whose webhook rule posts finished
 * pipelines of the event sources' projects ({@code semaphore: {project: name}}; every project, {@code /.*}{@code /},
 * when one names none) to Plugboard, signed with the integration's secret. Semaphore signs with the
 * {@code WEBHOOK_SECRET} of the Semaphore secret the rule names, so Plugboard keeps that secret too
 * ({@code plugboard-<integration>-webhook}) and deletes both together.
 *
 * <p>Notifications: https://docs.semaphoreci.com/reference/api (v1alpha {@code /notifications}: create, describe,
 * update, delete; the YAML shape of https://docs.semaphoreci.com/reference/notifications-yaml). Secrets: the same page,
 * v1beta {@code /secrets}. The API token's user must be allowed to manage notifications and secrets of the
 * organization (an Admin).
 */
@Component(service = Provisioner.class, property = Provider.PROVIDER_PROPERTY + "=" + SemaphoreProvider.ID)
public class SemaphoreProvisioner implements Provisioner {

    static final String PERMISSION = "permission to manage the organization's notifications and secrets (Admin role)";
    private static final String NOTIFICATIONS = "v1alpha/notifications";
    private static final String SECRETS = "v1beta/secrets";

    @Override
    public Optional<HookNeed> hookFor(IntegrationContext integration, Map<String, Object> filter) {
        Object project = filter.get("project");
        return Optional.of(new HookNeed("notifications/plugboard-" + integration.integrationName(),
                Set.of(project == null ? HookNeed.ALL : project.toString())));
    }

    @Override
    public String ensure(ApiClient api, HookSpec hook) throws ActionException {
        String name = name(hook.target());
        String secretName = secretName(name);
        ObjectNode secret = document("v1beta", "Secret", secretName);
        ObjectNode variable = secret.putObject("data").putArray("env_vars").addObject();
        variable.put("name", "WEBHOOK_SECRET");
        variable.put("value", hook.secret());
        // GET /api/v1beta/secrets/:name, then PATCH it or POST /api/v1beta/secrets
        boolean secretExists = ProviderCalls.call(api, ApiRequest.get(SECRETS + "/" + secretName),
                "read the secret " + secretName, PERMISSION, true) != null;
        ProviderCalls.call(api, secretExists ? ProviderCalls.json("PATCH", SECRETS + "/" + secretName, secret)
                : ProviderCalls.json("POST", SECRETS, secret), "store the webhook secret " + secretName, PERMISSION, false);

        ObjectNode notification = document("v1alpha", "Notification", name);
        ObjectNode rule = notification.putObject("spec").putArray("rules").addObject();
        rule.put("name", "plugboard");
        ArrayNode projects = rule.putObject("filter").putArray("projects");
        if (hook.all()) {
            projects.add("/.*/");
        } else {
            hook.items().stream().sorted().forEach(projects::add);
        }
        ObjectNode webhook = rule.putObject("notify").putObject("webhook");
        webhook.put("endpoint", hook.url());
        webhook.put("secret", secretName);
        // GET /api/v1alpha/notifications/:name, then PATCH /api/v1alpha/notifications/:id or POST /api/v1alpha/notifications
        JsonNode existing = ProviderCalls.call(api, ApiRequest.get(NOTIFICATIONS + "/" + name),
                "read the notification " + name, PERMISSION, true);
        String id = existing == null ? null : existing.path("metadata").path("id").asText(null);
        JsonNode answer = ProviderCalls.call(api, id != null
                        ? ProviderCalls.json("PATCH", NOTIFICATIONS + "/" + id, notification)
                        : ProviderCalls.json("POST", NOTIFICATIONS, notification),
                (id != null ? "update" : "create") + " the notification " + name, PERMISSION, false);
        String answered = answer.path("metadata").path("id").asText("");
        if (answered.isEmpty() && id == null) {
            throw new ActionException("Semaphore created the notification " + name + " but answered no id");
        }
        return answered.isEmpty() ? id : answered;
    }

    @Override
    public void delete(ApiClient api, String target, String hookId) throws ActionException {
        String name = name(target);
        // DELETE /api/v1alpha/notifications/:id, then DELETE /api/v1beta/secrets/:name
        ProviderCalls.call(api, ApiRequest.delete(NOTIFICATIONS + "/" + hookId), "delete the notification " + name,
                PERMISSION, true);
        ProviderCalls.call(api, ApiRequest.delete(SECRETS + "/" + secretName(name)), "delete the secret "
                + secretName(name), PERMISSION, true);
    }

    /** Semaphore's resource shape: {@code {apiVersion, kind, metadata: {name}}}. */
    private static ObjectNode document(String apiVersion, String kind, String name) {
        ObjectNode document = ProviderCalls.object();
        document.put("apiVersion", apiVersion);
        document.put("kind", kind);
        document.putObject("metadata").put("name", name);
        return document;
    }

    private static String name(String target) {
        return target.substring(target.indexOf('/') + 1);
    }

    private static String secretName(String notification) {
        return notification + "-webhook";
    }
}
