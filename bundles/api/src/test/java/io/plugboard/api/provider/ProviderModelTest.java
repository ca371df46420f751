package io.plugboard.api.provider;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Test;

public class ProviderModelTest {

    @Test
    public void providerIdsAreLowerCaseLettersAndDigits() {
        assertTrue(Provider.isValidId("github"));
        assertTrue(Provider.isValidId("m365"));
        assertFalse(Provider.isValidId("GitHub"));
        assertFalse(Provider.isValidId("git-hub"));
        assertFalse(Provider.isValidId(""));
        assertFalse(Provider.isValidId(null));
    }

    @Test(expected = IllegalArgumentException.class)
    public void eventTypeNeedsAName() {
        EventType.of(" ", "blank");
    }

    @Test
    public void capabilitiesFollowRegisteredServices() {
        Provider p = new Provider() {
            public String id() { return "demo"; }
            public String name() { return "Demo"; }
            public Set<AuthMode> authModes() { return EnumSet.of(AuthMode.NONE); }
            public List<EventType> eventTypes() { return List.of(); }
        };
        RegisteredProvider bare = new RegisteredProvider(p, "demo.bundle", "1.0.0", null, List.of(), null);
        assertEquals(Set.of(), bare.capabilities());

        WebhookVerifier verifier = (request, secret) -> WebhookVerification.rejected("test");
        RegisteredProvider withVerifier = new RegisteredProvider(p, "demo.bundle", "1.0.0", verifier, List.of(), null);
        assertEquals(Set.of(Capability.WEBHOOKS), withVerifier.capabilities());
        assertEquals("webhooks", Capability.WEBHOOKS.label());
    }

    @Test
    public void webhookRequestHeadersAreCaseInsensitiveAndBodyIsCopied() {
        byte[] body = {1, 2, 3};
        WebhookRequest request = new WebhookRequest(Map.of("X-GitHub-Event", List.of("push")), body, Instant.EPOCH);
        assertEquals("push", request.header("x-github-event"));
        body[0] = 9;
        assertEquals(1, request.body()[0]);
        request.body()[1] = 9;
        assertEquals(2, request.body()[1]);
    }
}
