package io.plugboard.provider.slack.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.EnumSet;
import java.util.List;

import io.plugboard.api.provider.AuthMode;
import io.plugboard.api.provider.EventType;
import io.plugboard.api.provider.Provider;
import org.junit.Test;

public class SlackProviderTest {

    @Test
    public void describesSlack() {
        SlackProvider p = new SlackProvider();
        assertTrue(Provider.isValidId(p.id()));
        assertEquals("slack", p.id());
        assertEquals("Slack", p.name());
        assertEquals(EnumSet.of(AuthMode.OAUTH2, AuthMode.TOKEN), p.authModes());
        assertEquals(List.of("channel", "command", "callback", "event", "team"), p.filterFields());
        List<String> events = p.eventTypes().stream().map(EventType::name).toList();
        assertTrue(events.toString(), events.containsAll(List.of("message", "app_mention", "url_verification")));
    }
}
