package io.plugboard.provider.github.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plugboard.api.server.PublicUrl;
import io.plugboard.api.resource.InvalidResourceException;
import io.plugboard.api.resource.ResourceService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creating the server's GitHub App in one step from a manifest
 * (https://docs.github.com/en/apps/sharing-github-apps/registering-a-github-app-from-a-manifest): a page whose
 * button POSTs the manifest to GitHub's {@code /settings/apps/new} (or an organization's), GitHub's redirect back
 * with a {@code code}, and {@code POST /app-manifests/{code}/conversions}
 * (https://docs.github.com/en/rest/apps/apps#create-a-github-app-from-a-manifest), whose answer - app id, slug,
 * client id and secret, webhook secret, private key - becomes the registration Secret. The client secret and the
 * private key are shown once on the page that follows, as GitHub shows them once.
 */
final class AppManifest {

    /** A page: status, title, text, and preformatted lines shown once (may be empty). */
    record Page(int status, String title, String text, Map<String, String> shownOnce, String formAction,
                String manifest) {
        static Page plain(int status, String title, String text) {
            return new Page(status, title, text, Map.of(), null, null);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(AppManifest.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GitHubAppRegistration app;
    private final InstallStates states;
    private final ResourceService resources;
    private final AppInstallation github;
    private final PublicUrl publicUrl;

    AppManifest(GitHubAppRegistration app, InstallStates states, ResourceService resources, AppInstallation github,
                PublicUrl publicUrl) {
        this.app = app;
        this.states = states;
        this.resources = resources;
        this.github = github;
        this.publicUrl = publicUrl;
    }

    boolean registered() {
        return app.value("slug").isPresent() || app.privateKey().isPresent();
    }

    /** The manifest: the seed's permissions, no extra events, and this server's URLs. */
    Map<String, Object> manifest(String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        String publicUrl = this.publicUrl.value();
        m.put("url", publicUrl);
        m.put("hook_attributes", Map.of("url", publicUrl + GitHubAppWebhookServlet.PATH, "active", true));
        m.put("redirect_url", publicUrl + GitHubAppInstallServlet.MANIFEST_CALLBACK);
        m.put("callback_urls", List.of(publicUrl + GitHubAppInstallServlet.SETUP));
        m.put("setup_url", publicUrl + GitHubAppInstallServlet.SETUP);
        m.put("request_oauth_on_install", true);
        m.put("public", false);
        // Actions: run workflows; Webhooks: create repository hooks; installation events come to every app
        Map<String, Object> permissions = new LinkedHashMap<>();
        permissions.put("actions", "write");
        permissions.put("repository_hooks", "write");
        permissions.put("metadata", "read");
        m.put("default_permissions", permissions);
        m.put("default_events", List.of());
        return m;
    }

    /** The page a ticket opens: the manifest in a form that goes to GitHub. */
    Page form(InstallStates.Opened opened) {
        InstallStates.Request request = opened.request();
        String owner = request.account();
        String action = github.web() + (owner == null ? "" : "/organizations/" + URLEncoder.encode(owner,
                StandardCharsets.UTF_8)) + "/settings/apps/new?state=" + URLEncoder.encode(opened.state(),
                StandardCharsets.UTF_8);
        String manifest;
        try {
            manifest = JSON.writeValueAsString(manifest(request.name()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new Page(200, "Create the GitHub App", "Plugboard will create the GitHub App \"" + request.name() + "\"" + (owner == null ? " on your GitHub account" : " in the GitHub organization " + owner)
                + " with the permissions Actions (read and write) and Webhooks (read and write). GitHub asks you to "
                + "confirm, then sends you back here.", Map.of(), action, manifest);
    }

    /** GitHub's redirect back: the state, then the conversion, then the registration Secret. */
    Page callback(Map<String, String> query, String browser) {
        InstallStates.Check check = states.consume(query.get("state"), browser);
        if (!check.ok()) {
            LOG.warn("GitHub App manifest callback refused: {}", check.refusal());
            return Page.plain(400, "GitHub App not created", check.refusal() + " Nothing was stored.");
        }
        String code = query.get("code");
        if (code == null || !code.matches("[A-Za-z0-9_-]{1,200}")) {
            return Page.plain(400, "GitHub App not created", "GitHub's redirect carries no code. Nothing was stored.");
        }
        if (registered()) {
            return Page.plain(409, "GitHub App not stored", "A GitHub App is registered on this server already (Secret "
                    + app.where() + "); delete that Secret first to register another. Nothing was stored.");
        }
        HttpResponse<String> r;
        try {
            r = github.send(HttpRequest.newBuilder(URI.create(github.api() + "/app-manifests/" + code + "/conversions"))
                    .header("Accept", "application/vnd.github+json").header("X-GitHub-Api-Version", "2022-11-28")
                    .POST(HttpRequest.BodyPublishers.noBody()), "convert the code");
        } catch (AppInstallation.Refusal e) {
            return Page.plain(502, "GitHub App not stored", e.getMessage() + " Nothing was stored.");
        }
        if (r.statusCode() != 201) {
            return Page.plain(400, "GitHub App not created", "GitHub refused the conversion of the code (HTTP "
                    + r.statusCode() + "): it is valid for an hour and once. Nothing was stored.");
        }
        JsonNode created;
        try {
            created = JSON.readTree(r.body());
        } catch (IOException e) {
            return Page.plain(502, "GitHub App not stored", "GitHub's answer is not JSON. Nothing was stored.");
        }
        Map<String, String> data = new LinkedHashMap<>();
        data.put("appId", created.path("id").asText(""));
        data.put("slug", created.path("slug").asText(""));
        data.put("clientId", created.path("client_id").asText(""));
        data.put("clientSecret", created.path("client_secret").asText(""));
        data.put("webhookSecret", created.path("webhook_secret").asText(""));
        data.put("privateKey", created.path("pem").asText(""));
        for (Map.Entry<String, String> e : data.entrySet()) {
            if (e.getValue().isEmpty()) {
                return Page.plain(502, "GitHub App not stored", "GitHub's answer has no " + e.getKey() + ". Nothing "
                        + "was stored.");
            }
        }
        String htmlUrl = created.path("html_url").asText("");
        if (!htmlUrl.isEmpty()) {
            data.put("htmlUrl", htmlUrl);
        }
        Map<String, Object> secret = new LinkedHashMap<>();
        secret.put("kind", "Secret");
        secret.put("metadata", Map.of("name", app.where().substring(app.where().indexOf('/') + 1),
                "organization", app.where().substring(0, app.where().indexOf('/'))));
        secret.put("spec", Map.of("data", data));
        try {
            resources.apply(List.of(secret));
        } catch (InvalidResourceException e) {
            return Page.plain(500, "GitHub App not stored", "The registration could not be stored: " + e.getMessage());
        }
        LOG.info("GitHub App {} (id {}) created from the manifest and registered in {}", data.get("slug"),
                data.get("appId"), app.where());
        Map<String, String> once = new LinkedHashMap<>();
        once.put("Client secret", data.get("clientSecret"));
        once.put("Private key", data.get("privateKey"));
        return new Page(200, "GitHub App created", "The GitHub App " + data.get("slug") + " (id " + data.get("appId")
                + ") is registered on this server, encrypted in the Secret " + app.where() + ". GitHub shows its client "
                + "secret and private key once, and so does this page: copy them now if you need them elsewhere. Next: "
                + "plugboard:github-app-install --organization <organization>.", once, null, null);
    }
}
