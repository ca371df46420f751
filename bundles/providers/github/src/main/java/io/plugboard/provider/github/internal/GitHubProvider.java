package io.plugboard.provider.github.internal;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.plugboard.api.outbound.ApiEndpoint;
import io.plugboard.api.provider.AuthMode;
import io.plugboard.api.provider.EventType;
import io.plugboard.api.provider.OAuthServerSpec;
import io.plugboard.api.provider.Provider;
import org.osgi.service.component.annotations.Component;

/** The GitHub descriptor. */
@Component(service = Provider.class, property = Provider.PROVIDER_PROPERTY + "=" + GitHubProvider.ID)
public class GitHubProvider implements Provider {

    public static final String ID = "github";

    private static final List<EventType> EVENT_TYPES = List.of(
            EventType.of("ping", "Sent when a webhook is created"),
            EventType.of("push", "Commits pushed to a branch or tag"),
            EventType.of("pull_request", "Pull request activity"),
            EventType.of("issues", "Issue activity"),
            EventType.of("issue_comment", "Comment on an issue or pull request"),
            EventType.of("release", "Release activity"),
            EventType.of("workflow_run", "A GitHub Actions workflow run was requested or completed"),
            EventType.of("check_suite", "Check suite activity"));

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String name() {
        return "GitHub";
    }

    @Override
    public String description() {
        return "Repositories, pull requests and GitHub Actions: receives repository webhooks and connects GitHub accounts.";
    }

    @Override
    public String icon() {
        return "https://github.githubassets.com/favicons/favicon.svg";
    }

    @Override
    public Set<AuthMode> authModes() {
        return EnumSet.of(AuthMode.TOKEN, AuthMode.OAUTH2);
    }

    @Override
    public List<EventType> eventTypes() {
        return EVENT_TYPES;
    }

    @Override
    public List<String> filterFields() {
        return List.of("repository", "organization", "branch", "event");
    }

    /** GitHub's owner and repository names are case-insensitive: {@code Codertocat/Hello-World} is hello-world's. */
    @Override
    public java.util.Set<String> caseInsensitiveFilterFields() {
        return java.util.Set.of("repository", "organization");
    }
    /**
     * {@code https://api.github.com} for github.com; a GitHub Enterprise Server's API is {@code <url>/api/v3}
     * (https://docs.github.com/en/enterprise-server@3.14/rest/quickstart). Tokens go as {@code Authorization: Bearer}
     * (https://docs.github.com/en/rest/authentication/authenticating-to-the-rest-api).
     */
    @Override
    public ApiEndpoint api(String integrationUrl) {
        return apiBase(integrationUrl).withHeader("Accept", "application/vnd.github+json")
                .withHeader("X-GitHub-Api-Version", "2022-11-28");
    }

    /**
     * GitHub Actions' ID tokens: {@code https://token.actions.githubusercontent.com} for github.com,
     * {@code <url>/_services/token} for a GitHub Enterprise Server
     * (https://docs.github.com/en/actions/reference/security/oidc).
     */
    @Override
    public String ciIssuer(String integrationUrl) {
        if (integrationUrl == null || integrationUrl.isBlank() || integrationUrl.matches("https://(www\\.)?github\\.com/?")) {
            return "https://token.actions.githubusercontent.com";
        }
        return integrationUrl.replaceAll("/+$", "").replaceAll("/api/v3$", "") + "/_services/token";
    }

    private static ApiEndpoint apiBase(String integrationUrl) {
        if (integrationUrl == null || integrationUrl.isBlank() || integrationUrl.matches("https://(www\\.)?github\\.com/?")) {
            return new ApiEndpoint(java.net.URI.create("https://api.github.com"), "Bearer");
        }
        return integrationUrl.replaceAll("/+$", "").endsWith("/api/v3") ? ApiEndpoint.of(integrationUrl, "", "Bearer")
                : ApiEndpoint.of(integrationUrl, "/api/v3", "Bearer");
    }

    /**
     * GitHub's OAuth app login: client_id/client_secret in the token request body, and tokens deleted through the API
     * (no RFC 7009 endpoint). https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps and
     * https://docs.github.com/en/rest/apps/oauth-applications#delete-an-app-token
     */
    @Override
    public List<OAuthServerSpec> oauthServers() {
        return List.of(OAuthServerSpec.oauth2("github", "https://github.com/login/oauth/authorize",
                        "https://github.com/login/oauth/access_token")
                .withRevocation(OAuthServerSpec.Revocation.APPLICATION_TOKEN_API)
                .withTokenAuthMethod(OAuthServerSpec.TokenAuthMethod.CLIENT_SECRET_POST));
    }
}
