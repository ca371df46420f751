package io.plugboard.provider.github.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.plugboard.api.cluster.SharedValues;
import io.plugboard.api.event.EventService;
import io.plugboard.api.resource.ResourceService;
import io.plugboard.api.server.PublicUrl;
import io.plugboard.api.server.SecretValues;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Install links of the server's GitHub App, for the REST call and the shell alike, the setup they end in
 * ({@link AppInstallation}) and the app's webhook ({@link AppWebhook}), which proves installations to it. The states and
 * proofs are in the database ({@link SharedValues}): with several nodes, any node may make a link, open it, take the
 * setup and receive the webhook.
 */
@Component(service = GitHubAppInstalls.class, configurationPid = GitHubAppConfiguration.PID)
public class GitHubAppInstalls {

    /** An install link: open {@code url} in a browser, once, before {@code expiresAt}. */
    public record Link(String url, String organization, String account, Instant expiresAt) { }

    private final InstallStates states;
    private final GitHubAppRegistration app;
    private final AppInstallation installation;
    private final AppWebhook webhook;
    private final InstallStates manifestStates;
    private final AppManifest manifest;
    private final PublicUrl publicUrl;
    private final Duration linkLifetime;

    @Activate
    public GitHubAppInstalls(@Reference SecretValues secrets, @Reference ResourceService resources,
                             @Reference EventService events, @Reference SharedValues shared, GitHubAppConfiguration config,
                             @Reference PublicUrl publicUrl) {
        this.linkLifetime = Duration.ofSeconds(Math.max(60, Math.min(86_400, config.installLinkLifetimeSeconds())));
        this.states = new InstallStates(shared, "github-install", Clock.systemUTC(), linkLifetime);
        this.manifestStates = new InstallStates(shared, "github-manifest", Clock.systemUTC(), linkLifetime);
        this.app = new GitHubAppRegistration(secrets, config.appOrganization(), config.appSecret());
        this.webhook = new AppWebhook(app, new GitHubWebhookVerifier(), resources, events, Clock.systemUTC());
        this.installation = new AppInstallation(app, states, new InstallationProofs(shared), resources, webhook,
                config.url());
        this.publicUrl = publicUrl;
        this.manifest = new AppManifest(app, manifestStates, resources, installation, publicUrl);
    }

    /**
     * A link that creates the server's app from its manifest, owned by the GitHub organization {@code owner}
     * ({@code null}: the user who opens it).
     *
     * @throws IllegalArgumentException for a bad owner or name
     * @throws IllegalStateException    when an app is registered already
     */
    public Link manifestLink(String owner, String name) {
        if (owner != null && !owner.matches("[A-Za-z0-9][A-Za-z0-9-]{0,38}")) {
            throw new IllegalArgumentException("owner: not a GitHub organization name");
        }
        if (name == null || name.isBlank() || name.length() > 34) {
            throw new IllegalArgumentException("name: 1 to 34 characters (GitHub's limit for an app's name)");
        }
        if (manifest.registered()) {
            throw new IllegalStateException("A GitHub App is registered on this server already (Secret " + app.where()
                    + "); delete it first to create another");
        }
        String ticket = manifestStates.ticket(new InstallStates.Request("default", owner, name.trim()));
        return new Link(publicUrl.value() + GitHubAppInstallServlet.MANIFEST + "?ticket=" + ticket, "default", owner,
                Instant.now().plus(linkLifetime));
    }

    InstallStates manifestStates() {
        return manifestStates;
    }

    AppManifest manifest() {
        return manifest;
    }

    /**
     * A new install link for the organization (and, when given, only for an installation on that GitHub account).
     *
     * @throws IllegalArgumentException for a name that is no organization or GitHub account name
     * @throws IllegalStateException    when no app is registered
     */
    public Link link(String organization, String account) {
        if (organization == null || !organization.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")) {
            throw new IllegalArgumentException("organization: not a valid name (lower-case letters, digits, '-')");
        }
        if (account != null && !account.matches("[A-Za-z0-9][A-Za-z0-9-]{0,38}")) {
            throw new IllegalArgumentException("account: not a GitHub account name");
        }
        if (app.value("slug").isEmpty()) {
            throw new IllegalStateException("No GitHub App is registered on this server: its Secret " + app.where()
                    + " needs slug (and clientId, clientSecret, privateKey, webhookSecret)");
        }
        String ticket = states.ticket(new InstallStates.Request(organization, account));
        return new Link(publicUrl.value() + GitHubAppInstallServlet.INSTALL + "?ticket=" + ticket, organization, account,
                Instant.now().plus(linkLifetime));
    }

    /** Whether the browser reaches this server over https (the cookie is {@code Secure} then). */
    boolean secure() {
        return publicUrl.value().startsWith("https:");
    }

    /** The app's webhook, which also proves installations to the setup. */
    AppWebhook webhook() {
        return webhook;
    }

    InstallStates states() {
        return states;
    }

    AppInstallation installation() {
        return installation;
    }
}
