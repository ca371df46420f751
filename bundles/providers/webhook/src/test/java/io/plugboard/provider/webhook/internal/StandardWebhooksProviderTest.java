package io.plugboard.provider.webhook.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;

import io.plugboard.api.provider.Provider;
import org.junit.Test;

public class StandardWebhooksProviderTest {

    @Test
    public void describesStandardWebhooks() {
        StandardWebhooksProvider p = new StandardWebhooksProvider();
        assertTrue(Provider.isValidId(p.id()));
        assertEquals("webhook", p.id());
        assertEquals("Standard Webhooks", p.name());
        assertEquals(List.of("event"), p.filterFields());
        assertEquals("webhook", p.eventTypes().get(0).name());
    }
}
