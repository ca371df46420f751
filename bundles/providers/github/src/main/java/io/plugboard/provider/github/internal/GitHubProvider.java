package io.plugboard.provider.github.internal;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.plugboard.api.provider.AuthMode;
import io.plugboard.api.provider.EventType;
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
        return List.of("repository", "branch", "event");
    }
}
