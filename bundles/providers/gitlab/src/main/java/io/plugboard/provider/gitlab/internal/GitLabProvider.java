package io.plugboard.provider.gitlab.internal;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.plugboard.api.outbound.ApiEndpoint;
import io.plugboard.api.provider.AuthMode;
import io.plugboard.api.provider.EventType;
import io.plugboard.api.provider.OAuthServerSpec;
import io.plugboard.api.provider.Provider;
import org.osgi.service.component.annotations.Component;

/** The GitLab descriptor; event type names are GitLab's {@code X-Gitlab-Event} values. */
@Component(service = Provider.class, property = Provider.PROVIDER_PROPERTY + "=" + GitLabProvider.ID)
public class GitLabProvider implements Provider {

    public static final String ID = "gitlab";

    private static final List<EventType> EVENT_TYPES = List.of(
            EventType.of("Push Hook", "Commits pushed to a branch"),
            EventType.of("Tag Push Hook", "A tag was created or deleted"),
            EventType.of("Merge Request Hook", "Merge request activity"),
            EventType.of("Issue Hook", "Issue activity"),
            EventType.of("Note Hook", "A comment on a commit, merge request, issue or snippet"),
            EventType.of("Pipeline Hook", "A pipeline's status changed"),
            EventType.of("Job Hook", "A job's status changed"),
            EventType.of("Deployment Hook", "A deployment's status changed"),
            EventType.of("Release Hook", "Release activity"));

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String name() {
        return "GitLab";
    }

    @Override
    public String description() {
        return "GitLab projects, merge requests and CI/CD pipelines: receives project webhooks and connects GitLab accounts.";
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
        return List.of("project", "branch", "event");
    }
    /**
     * The REST API v4 of gitlab.com or of the self-managed instance at the integration's url
     * (https://docs.gitlab.com/api/rest/); personal, project and OAuth tokens all go as {@code Authorization: Bearer}
     * (https://docs.gitlab.com/api/rest/authentication/).
     */
    @Override
    public ApiEndpoint api(String integrationUrl) {
        return ApiEndpoint.of(integrationUrl == null || integrationUrl.isBlank() ? "https://gitlab.com" : integrationUrl,
                "/api/v4", "Bearer");
    }

    /** gitlab.com's OAuth 2.0 / OpenID Connect endpoints: https://docs.gitlab.com/ee/api/oauth2.html */
    @Override
    public List<OAuthServerSpec> oauthServers() {
        return List.of(OAuthServerSpec.oauth2("gitlab", "https://gitlab.com/oauth/authorize", "https://gitlab.com/oauth/token")
                .withUrl(OAuthServerSpec.REVOCATION_URL, "https://gitlab.com/oauth/revoke")
                .withUrl(OAuthServerSpec.USERINFO_URL, "https://gitlab.com/oauth/userinfo")
                .withUrl(OAuthServerSpec.ISSUER_URL, "https://gitlab.com")
                .withUrl(OAuthServerSpec.JWKS_URL, "https://gitlab.com/oauth/discovery/keys"));
    }
}
