package io.plugboard.provider.slack.internal;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.plugboard.api.outbound.ApiEndpoint;
import io.plugboard.api.provider.AuthMode;
import io.plugboard.api.provider.EventType;
import io.plugboard.api.provider.OAuthServerSpec;
import io.plugboard.api.provider.Provider;
import org.osgi.service.component.annotations.Component;

/** The Slack descriptor. */
@Component(service = Provider.class, property = Provider.PROVIDER_PROPERTY + "=" + SlackProvider.ID)
public class SlackProvider implements Provider {

    public static final String ID = "slack";

    private static final List<EventType> EVENT_TYPES = List.of(
            EventType.of("message", "A message was posted in a channel the app is in"),
            EventType.of("app_mention", "The app was mentioned in a message"),
            EventType.of("reaction_added", "A reaction was added to an item"),
            EventType.of("member_joined_channel", "A user joined a channel"),
            EventType.of("channel_created", "A channel was created"),
            EventType.of("app_home_opened", "A user opened the app's home tab"),
            EventType.of("slash_command", "A user ran one of the app's slash commands (answered 200, empty)"),
            EventType.of("block_actions", "A user clicked a button or used another interactive element of a message"),
            EventType.of("view_submission", "A user submitted one of the app's modals"),
            EventType.of("shortcut", "A user ran one of the app's global shortcuts"),
            EventType.of("message_action", "A user ran one of the app's message shortcuts"),
            EventType.of("url_verification", "Slack checks the request URL (answered by Plugboard, not stored)"));

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String name() {
        return "Slack";
    }

    @Override
    public String description() {
        return "Slack workspaces: receives Events API, slash command and interactivity requests and connects Slack apps "
                + "(OAuth or bot token).";
    }

    @Override
    public Set<AuthMode> authModes() {
        return EnumSet.of(AuthMode.OAUTH2, AuthMode.TOKEN);
    }

    @Override
    public List<EventType> eventTypes() {
        return EVENT_TYPES;
    }

    @Override
    public List<String> filterFields() {
        return List.of("channel", "command", "callback", "event", "team");
    }
    /** Slack's Web API at {@code https://slack.com/api}, bot and user tokens as {@code Authorization: Bearer} (https://docs.slack.dev/apis/web-api/). */
    @Override
    public ApiEndpoint api(String integrationUrl) {
        return ApiEndpoint.of(integrationUrl == null || integrationUrl.isBlank() ? "https://slack.com" : integrationUrl,
                "/api", "Bearer");
    }

    /** Slack's OAuth v2: https://api.slack.com/authentication/oauth-v2 and https://api.slack.com/methods/auth.revoke */
    @Override
    public List<OAuthServerSpec> oauthServers() {
        return List.of(OAuthServerSpec.oauth2("slack", "https://slack.com/oauth/v2/authorize",
                        "https://slack.com/api/oauth.v2.access")
                .withUrl(OAuthServerSpec.REVOCATION_URL, "https://slack.com/api/auth.revoke"));
    }
}
