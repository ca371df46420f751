package io.plugboard.provider.github.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plugboard.api.event.EventService;
import io.plugboard.api.event.IngestResult;
import io.plugboard.api.provider.WebhookRequest;
import io.plugboard.api.provider.WebhookVerification;
import io.plugboard.api.provider.WebhookVerifier;
import io.plugboard.api.resource.Kind;
import io.plugboard.api.resource.Resource;
import io.plugboard.api.resource.ResourceNotFoundException;
import io.plugboard.api.resource.ResourceService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GitHub App's own webhook - one URL for every installation - past its size cap: verified with the app's
 * webhook secret ({@code X-Hub-Signature-256}, as a repository hook), then routed by {@code installation.id} to the
 * integrations of that installation. Each gets the delivery as an event of its own (stored, deduplicated by
 * {@code X-GitHub-Delivery}, dispatched to its event sources), and the installation events change its status:
 * <ul>
 * <li>{@code installation} (https://docs.github.com/en/webhooks/webhook-events-and-payloads#installation):
 * {@code created}, {@code unsuspend}, {@code new_permissions_accepted} make {@code status.installation.state}
 * {@code Active}; {@code suspend} {@code Suspended} and {@code deleted} {@code Deleted}, both with
 * {@code status.credential} {@code Unhealthy} and the reason; {@code unsuspend} makes the credential
 * {@code Healthy} again.</li>
 * <li>{@code installation_repositories}
 * (https://docs.github.com/en/webhooks/webhook-events-and-payloads#installation_repositories): {@code added} and
 * {@code removed} record the repositories in {@code status.installation.repositories}.</li>
 * </ul>
 */
final class AppWebhook {

    /** What the servlet answers: the status and a JSON body. */
    record Answer(int status, Map<String, Object> body) {
        static Answer error(int status, String error, String message) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", error);
            body.put("message", message);
            return new Answer(status, body);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(AppWebhook.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Headers kept with the stored events: GitHub's own, never a signature. */
    private static final Set<String> STORED_HEADERS = Set.of("content-type", "user-agent", "x-github-event",
            "x-github-delivery", "x-github-hook-id", "x-github-hook-installation-target-id",
            "x-github-hook-installation-target-type");

    private final GitHubAppRegistration app;
    private final WebhookVerifier verifier;
    private final ResourceService resources;
    private final EventService events;
    private final Clock clock;
    /** Told of each signed {@code installation} {@code created} (installation id, account): the setup's proof. */
    private volatile java.util.function.BiConsumer<String, String> created = (id, account) -> { };

    AppWebhook(GitHubAppRegistration app, WebhookVerifier verifier, ResourceService resources, EventService events,
               Clock clock) {
        this.app = app;
        this.verifier = verifier;
        this.resources = resources;
        this.events = events;
        this.clock = clock;
    }

    void onCreated(java.util.function.BiConsumer<String, String> listener) {
        this.created = listener;
    }

    Answer receive(Map<String, List<String>> headers, byte[] body) {
        Optional<String> secret = app.webhookSecret();
        if (secret.isEmpty()) {
            LOG.warn("GitHub App webhook refused: no app is registered (the Secret {} has no webhookSecret)", app.where());
            return Answer.error(503, "unavailable", "No GitHub App is registered on this server yet; retry later.");
        }
        WebhookVerification verified;
        try {
            verified = verifier.verify(new WebhookRequest(headers, body, clock.instant()),
                    secret.get().getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            LOG.warn("GitHub App webhook refused: the verifier failed: {}", e.toString());
            return unauthorized();
        }
        if (verified.outcome() == WebhookVerification.Outcome.INVALID) {
            return Answer.error(400, "invalid_delivery", "The delivery is signed but cannot be taken: "
                    + verified.reason() + ".");
        }
        if (verified.outcome() != WebhookVerification.Outcome.ACCEPTED) {
            LOG.warn("GitHub App webhook refused: {}", verified.reason());
            return unauthorized();
        }
        JsonNode payload;
        try {
            payload = JSON.readTree(body);
        } catch (IOException e) {
            payload = null;
        }
        String installation = payload == null ? "" : payload.path("installation").path("id").asText("");
        if (!installation.matches("[0-9]{1,20}")) {
            return Answer.error(400, "invalid_delivery", "The delivery is signed but names no installation.id: an app "
                    + "webhook is routed by it.");
        }
        if ("installation".equals(verified.eventType()) && "created".equals(payload.path("action").asText())) {
            // first: a setup waiting for this proof makes its integration, which then gets this delivery too
            created.accept(installation, payload.path("installation").path("account").path("login").asText(""));
        }
        List<String> names = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        boolean duplicate = false;
        for (Resource integration : integrationsOf(installation)) {
            IngestResult stored = events.ingest(integration, verified, storedHeaders(headers), body);
            names.add(integration.scope().organization() + "/" + integration.name());
            ids.add(stored.id());
            duplicate = stored.duplicate();
            if (!stored.duplicate()) {
                record(integration, verified.eventType(), payload);
            }
        }
        if (names.isEmpty()) {
            LOG.info("GitHub App webhook {} ({}) for installation {}: no integration of that installation",
                    verified.deliveryId(), verified.eventType(), installation);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("installation", installation);
        answer.put("integrations", names);
        answer.put("events", ids);
        if (duplicate) {
            answer.put("duplicate", true);
            return new Answer(200, answer);
        }
        return new Answer(202, answer);
    }

    /** The GitHub App integrations, in every organization, of the installation {@code id}. */
    List<Resource> integrationsOf(String id) {
        List<Resource> found = new ArrayList<>();
        for (Resource integration : resources.list(Kind.INTEGRATION, null, null)) {
            Map<String, Object> auth = map(integration.spec().get("auth"));
            if ("TYPE_GITHUB".equals(integration.spec().get("type"))
                    && GitHubAppCredentials.AUTH_TYPE.equals(auth.get("use"))
                    && id.equals(String.valueOf(map(auth.get(GitHubAppCredentials.SETTINGS)).get("installationId")))) {
                found.add(integration);
            }
        }
        return found;
    }

    /** The installation's state in the integration's status, from an installation event. */
    private void record(Resource integration, String event, JsonNode payload) {
        String action = payload.path("action").asText("");
        String account = payload.path("installation").path("account").path("login").asText("");
        Map<String, Object> previous = map(integration.status().get("installation"));
        String state = previous.get("state") instanceof String s ? s : "Active";
        String credential = null;
        String reason = null;
        Map<String, Object> installation = new LinkedHashMap<>();
        if ("installation".equals(event)) {
            switch (action) {
                case "created", "new_permissions_accepted" -> state = "Active";
                case "unsuspend" -> {
                    state = "Active";
                    credential = "Healthy";
                }
                case "suspend" -> {
                    state = "Suspended";
                    credential = "Unhealthy";
                    reason = "the GitHub App's installation on " + account + " was suspended on GitHub";
                }
                case "deleted" -> {
                    state = "Deleted";
                    credential = "Unhealthy";
                    reason = "the GitHub App was uninstalled from " + account + " on GitHub";
                }
                default -> {
                    return;
                }
            }
        } else if ("installation_repositories".equals(event)) {
            Map<String, Object> repositories = new LinkedHashMap<>();
            repositories.put("added", fullNames(payload.path("repositories_added")));
            repositories.put("removed", fullNames(payload.path("repositories_removed")));
            installation.put("repositories", repositories);
        } else {
            return;
        }
        installation.put("state", state);
        installation.put("account", account);
        installation.put("event", event + "." + action);
        String selection = payload.path("installation").path("repository_selection").asText("");
        if (!selection.isEmpty()) {
            installation.put("repositorySelection", selection);
        }
        try {
            resources.setStatus(integration.ref(), "installation", installation);
            if (credential != null) {
                Map<String, Object> health = new LinkedHashMap<>();
                health.put("state", credential);
                if (reason != null) {
                    health.put("reason", reason);
                }
                resources.setStatus(integration.ref(), "credential", health);
                LOG.info("Integration {}: its credential is {}{}", integration.ref(), credential,
                        reason == null ? "" : ": " + reason);
            }
        } catch (ResourceNotFoundException e) {
            // deleted meanwhile: nothing to record
        }
    }

    private static List<String> fullNames(JsonNode repositories) {
        List<String> names = new ArrayList<>();
        repositories.forEach(r -> names.add(r.path("full_name").asText(r.path("name").asText(""))));
        return names;
    }

    private static Map<String, String> storedHeaders(Map<String, List<String>> headers) {
        Map<String, String> kept = new LinkedHashMap<>();
        headers.forEach((name, values) -> {
            if (STORED_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT)) && !values.isEmpty()) {
                kept.put(name, values.get(0));
            }
        });
        return kept;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static Answer unauthorized() {
        return Answer.error(401, "unauthorized", "The delivery is not signed with the GitHub App's webhook secret.");
    }
}
