package io.plugboard.core.internal.event;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.Test;

public class EventDispatcherTest {

    @Test
    public void signsLikeTheStandardWebhooksReference() throws Exception {
        // the example from the Standard Webhooks specification
        String signature = EventDispatcher.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                "1614265330", "{\"test\": 2432232314}".getBytes());
        assertEquals("g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    @Test
    public void parsesTheRetrySchedule() {
        assertEquals(List.of(Duration.ofSeconds(5), Duration.ofMinutes(2), Duration.ofHours(6)),
                EventDispatcher.parseSchedule("5s, 2m,6h"));
        assertThrows(IllegalArgumentException.class, () -> EventDispatcher.parseSchedule("5x"));
    }

    @Test
    public void topicsAreValidOsgiTopics() {
        assertEquals("plugboard/events/github/pull_request", EventDispatcher.topic("github", "pull_request"));
        assertEquals("plugboard/events/gitlab/Push_Hook", EventDispatcher.topic("gitlab", "Push Hook"));
        assertTrue(EventDispatcher.topic("slack", "app.mention").endsWith("/app_mention"));
        assertNotNull(EventDispatcher.topic("x", ""));
    }
}
