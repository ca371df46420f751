package io.plugboard.provider.slack;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.plugboard.api.provider.AuthMode;
import io.plugboard.api.provider.EventType;
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
        return "Slack workspaces: receives Events API requests and connects Slack apps (OAuth or bot token).";
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
        return List.of("channel", "event", "team");
    }
}
