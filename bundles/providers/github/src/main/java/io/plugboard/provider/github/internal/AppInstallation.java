package io.plugboard.provider.github.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plugboard.api.resource.AppliedResource;
import io.plugboard.api.resource.InvalidResourceException;
import io.plugboard.api.resource.ResourceService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installing the server's GitHub App into an organization: the install link, and the setup URL GitHub sends the
 * browser back to ({@code /integrations/github/app_installation?installation_id=…&setup_action=install&state=…}).
 * The {@code installation_id} there can be forged, so it is taken only with a valid state (single use, from the
 * browser that opened the link) <b>and</b> a proof: the app requests user authorization during installation, so
 * GitHub adds a {@code code}; it is exchanged for the user's token
 * (https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-user-access-token-for-a-github-app)
 * and {@code GET /user/installations}
 * (https://docs.github.com/en/rest/apps/installations#list-app-installations-accessible-to-the-user-access-token)
 * must list the installation. Without a code, the app's JWT must find the installation
 * ({@code GET /app/installations/{id}}) and GitHub's signed {@code installation} {@code created} webhook for it must
 * arrive ({@link InstallationProofs}). Then an Integration is made in the organization the state names.
 */
final class AppInstallation {

    /** A page for the browser: status, title, text. */
    record Page(int status, String title, String text) { }

    private static final Logger LOG = LoggerFactory.getLogger(AppInstallation.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GitHubAppRegistration app;
    private final InstallStates states;
    private final ResourceService resources;
    private final AppWebhook webhook;
    private final String githubUrl;
    private final InstallationProofs proofs;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    AppInstallation(GitHubAppRegistration app, InstallStates states, InstallationProofs proofs, ResourceService resources,
                    AppWebhook webhook, String githubUrl) {
        this.proofs = proofs;
        this.app = app;
        this.states = states;
        this.resources = resources;
        this.webhook = webhook;
        this.githubUrl = githubUrl.replaceAll("/+$", "");
        webhook.onCreated(this::webhookProof);
    }

    /** GitHub's web base ({@code https://github.com}, or a GitHub Enterprise Server). */
    String web() {
        return githubUrl;
    }

    /** Its REST API: {@code https://api.github.com}, or {@code <url>/api/v3}. */
    String api() {
        return "https://github.com".equals(githubUrl) ? "https://api.github.com" : githubUrl + "/api/v3";
    }

    /** Where a browser with the ticket's state installs the app: {@code <web>/apps/<slug>/installations/new}. */
    Optional<URI> installUrl(String state) {
        return app.value("slug").map(slug -> URI.create(web() + "/apps/" + URLEncoder.encode(slug, StandardCharsets.UTF_8)
                + "/installations/new?state=" + URLEncoder.encode(state, StandardCharsets.UTF_8)));
    }

    /** The setup URL's request, with the browser's cookie. */
    Page setup(Map<String, String> query, String browser) {
        String installation = query.get("installation_id");
        if (installation == null || !installation.matches("[0-9]{1,20}")) {
            return refused("GitHub's redirect names no installation_id (a number).");
        }
        InstallStates.Check check = states.consume(query.get("state"), browser);
        if (!check.ok()) {
            LOG.warn("GitHub App setup for installation {} refused: {}", installation, check.refusal());
            return refused(check.refusal());
        }
        String code = query.get("code");
        InstallStates.Request request = check.request();
        String account;
        try {
            account = code == null || code.isBlank() ? appInstallationAccount(installation)
                    : provenAccount(installation, code);
        } catch (Refusal e) {
            LOG.warn("GitHub App setup for installation {} refused: {}", installation, e.getMessage());
            return refused(e.getMessage());
        }
        if (request.account() != null && !request.account().equalsIgnoreCase(account)) {
            return refused("Installation " + installation + " is of the account " + account + ", not of "
                    + request.account() + " that the install link was made for.");
        }
        if (!webhook.integrationsOf(installation).isEmpty()) {
            return refused("Installation " + installation + " is connected already.");
        }
        InstallStates.Request proven = new InstallStates.Request(request.organization(), account);
        if ((code == null || code.isBlank()) && !proofs.setup(installation, proven)) {
            return new Page(202, "Waiting for GitHub", "GitHub has installation " + installation + " on " + account
                    + "; Plugboard makes its integration in " + request.organization() + " as soon as GitHub's signed "
                    + "installation webhook for it arrives (usually within seconds; at most "
                    + InstallationProofs.WINDOW.toMinutes() + " minutes). You may close this page.");
        }
        return create(proven, installation);
    }

    /** GitHub's signed installation webhook arrived: the setup waiting for it, if any, makes its integration. */
    void webhookProof(String installation, String account) {
        proofs.webhook(installation, account).ifPresent(request -> {
            if (webhook.integrationsOf(installation).isEmpty()) {
                Page made = create(request, installation);
                if (made.status() != 200) {
                    LOG.warn("GitHub App installation {}: {}", installation, made.text());
                }
            }
        });
    }

    /** Makes the integration of {@code installation} in the request's organization. */
    private Page create(InstallStates.Request request, String installation) {
        String account = request.account();
        String name = integrationName(request.organization(), account, installation);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("type", "TYPE_GITHUB");
        if (!"https://github.com".equals(githubUrl)) {
            spec.put("url", githubUrl);
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("installationId", installation);
        settings.put("account", account);
        spec.put("auth", Map.of("use", GitHubAppCredentials.AUTH_TYPE, GitHubAppCredentials.SETTINGS, settings));
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", name);
        metadata.put("organization", request.organization());
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("kind", "Integration");
        document.put("metadata", metadata);
        document.put("spec", spec);
        try {
            List<AppliedResource> applied = resources.apply(List.of(document));
            LOG.info("GitHub App installed on {} (installation {}): integration {}/{} {}", account, installation,
                    request.organization(), name, applied.get(0).action());
        } catch (InvalidResourceException e) {
            return refused("The integration could not be made: " + e.getMessage());
        }
        return new Page(200, "GitHub connected", "The GitHub App is installed on " + account + ": the integration "
                + request.organization() + "/" + name + " acts as installation " + installation + ". You may close "
                + "this page.");
    }

    /**
     * The installation's account as the app itself sees it, {@code GET /app/installations/{id}} signed with the app's
     * JWT (https://docs.github.com/en/rest/apps/apps#get-an-installation-for-the-authenticated-app): a made-up id, or
     * one of another app, is GitHub's 404.
     */
    private String appInstallationAccount(String installation) throws Refusal {
        String issuer = app.issuer().orElseThrow(() -> new Refusal("The server's GitHub App has neither clientId nor "
                + "appId in " + app.where() + "."));
        String jwt;
        try {
            jwt = new GitHubAppCredentials(java.time.Clock.systemUTC()).jwt(issuer, GitHubAppCredentials.privateKey(
                    app.privateKey().orElseThrow(() -> new Refusal("The server's GitHub App has no privateKey in "
                            + app.where() + "."))));
        } catch (io.plugboard.api.provider.ActionException e) {
            throw new Refusal(e.getMessage());
        }
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(api() + "/app/installations/" + installation))
                .header("Authorization", "Bearer " + jwt).header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28").GET(), "look up the installation");
        if (r.statusCode() == 404) {
            throw new Refusal("Installation " + installation + " is not an installation of this app.");
        }
        String account = parse(r, "look up the installation").path("account").path("login").asText("");
        if (account.isEmpty()) {
            throw new Refusal("GitHub's installation " + installation + " names no account.");
        }
        return account;
    }

    /** The installation's account, when the user's token lists it among the installations it can access. */
    private String provenAccount(String installation, String code) throws Refusal {
        String clientId = app.value("clientId").orElseThrow(() -> new Refusal("The server's GitHub App has no clientId "
                + "in " + app.where() + ", so GitHub's code cannot be exchanged."));
        String clientSecret = app.value("clientSecret").orElseThrow(() -> new Refusal("The server's GitHub App has no "
                + "clientSecret in " + app.where() + ", so GitHub's code cannot be exchanged."));
        Map<String, String> exchange = new LinkedHashMap<>();
        exchange.put("client_id", clientId);
        exchange.put("client_secret", clientSecret);
        exchange.put("code", code);
        JsonNode token = call(HttpRequest.newBuilder(URI.create(web() + "/login/oauth/access_token"))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(exchange))), "exchange GitHub's code");
        String userToken = token.path("access_token").asText("");
        if (userToken.isEmpty()) {
            throw new Refusal("GitHub did not accept the authorization code (" + token.path("error").asText("no token")
                    + "): it may have been used already.");
        }
        JsonNode listed = call(HttpRequest.newBuilder(URI.create(api() + "/user/installations?per_page=100"))
                .header("Authorization", "Bearer " + userToken).header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28").GET(), "list the installations you can access");
        for (JsonNode i : listed.path("installations")) {
            if (installation.equals(i.path("id").asText())) {
                String account = i.path("account").path("login").asText("");
                if (account.isEmpty()) {
                    throw new Refusal("GitHub lists installation " + installation + " without its account.");
                }
                return account;
            }
        }
        throw new Refusal("Installation " + installation + " is not among the installations of this app that your "
                + "GitHub account can access.");
    }

    private JsonNode call(HttpRequest.Builder request, String what) throws Refusal {
        return parse(send(request, what), what);
    }

    /** One call to GitHub (20 s at most); {@code what} names it in the refusal when GitHub cannot be reached. */
    HttpResponse<String> send(HttpRequest.Builder request, String what) throws Refusal {
        try {
            return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Refusal("GitHub could not be reached to " + what + "; try the install link again.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refusal("Interrupted while asking GitHub to " + what + ".");
        }
    }

    private static JsonNode parse(HttpResponse<String> r, String what) throws Refusal {
        if (r.statusCode() / 100 != 2) {
            throw new Refusal("GitHub refused to " + what + " (HTTP " + r.statusCode() + ").");
        }
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new Refusal("GitHub's answer to " + what + " is not JSON.");
        }
    }

    /** {@code github-<account>}, or with the installation id when that name is taken in the organization. */
    private String integrationName(String organization, String account, String installation) {
        String base = ("github-" + account.toLowerCase(Locale.ROOT)).replaceAll("[^a-z0-9-]", "-");
        base = base.length() > 40 ? base.substring(0, 40) : base;
        base = base.replaceAll("-+$", "");
        boolean taken = resources.get(new io.plugboard.api.resource.ResourceRef(io.plugboard.api.resource.Kind.INTEGRATION,
                io.plugboard.api.resource.Scope.organization(organization), base)).isPresent();
        return taken ? base + "-" + installation : base;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Page refused(String why) {
        return new Page(400, "GitHub App not installed", why + " Nothing was created.");
    }

    /** Why an installation is not taken. */
    static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;

        Refusal(String message) {
            super(message);
        }
    }
}
