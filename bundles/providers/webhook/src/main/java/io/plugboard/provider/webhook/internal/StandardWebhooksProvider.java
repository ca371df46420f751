package io.plugboard.provider.webhook.internal;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.plugboard.api.provider.AuthMode;
import io.plugboard.api.provider.EventType;
import io.plugboard.api.provider.Provider;
import org.osgi.service.component.annotations.Component;

/**
 * The generic Standard Webhooks descriptor (https://www.standardwebhooks.com): any sender that signs its deliveries
 * that way. Its event types are whatever the sender puts in the payload's {@code type}; {@code webhook} stands for
 * deliveries without one.
 */
@Component(service = Provider.class, property = Provider.PROVIDER_PROPERTY + "=" + StandardWebhooksProvider.ID)
public class StandardWebhooksProvider implements Provider {

    public static final String ID = "webhook";

    private static final List<EventType> EVENT_TYPES = List.of(
            EventType.of(StandardWebhooksVerifier.DEFAULT_EVENT_TYPE,
                    "A delivery without a type; otherwise the event type is the payload's type field"));

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String name() {
        return "Standard Webhooks";
    }

    @Override
    public String description() {
        return "Generic inbound webhooks signed as the Standard Webhooks specification says (webhook-id, "
                + "webhook-timestamp, webhook-signature); the event type is the payload's type field.";
    }

    @Override
    public Set<AuthMode> authModes() {
        return EnumSet.of(AuthMode.NONE);
    }

    @Override
    public List<EventType> eventTypes() {
        return EVENT_TYPES;
    }

    @Override
    public List<String> filterFields() {
        return List.of("event");
    }
}
