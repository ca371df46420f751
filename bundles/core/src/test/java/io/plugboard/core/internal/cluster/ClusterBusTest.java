package io.plugboard.core.internal.cluster;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.Test;

public class ClusterBusTest {

    @Test
    public void messagesArePackedIntoNotificationsUnderTheLimitAndALargeOneGoesAlone() throws Exception {
        List<Map<String, Object>> messages = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            messages.add(Map.of("o", "node-a", "t", "plugboard/events/github/push", "p", Map.of("id", "e" + i, "body", "x".repeat(200))));
        }
        messages.add(Map.of("o", "node-a", "t", "plugboard/events/github/push", "p", Map.of("body", "y".repeat(20_000))));
        List<String> payloads = ClusterBus.pack(messages);
        int count = 0;
        ObjectMapper json = new ObjectMapper();
        for (String p : payloads) {
            if (p.startsWith("m")) {
                assertTrue(p.getBytes(StandardCharsets.UTF_8).length <= ClusterBus.MAX_NOTIFY_BYTES);
            } else {
                assertTrue("only the large one goes to the table", p.startsWith("R") && p.length() > 20_000);
            }
            count += json.readValue(p.substring(1), new TypeReference<List<Map<String, Object>>>() { }).size();
        }
        assertEquals("every message, once", 101, count);
        assertTrue("several messages per notification: " + payloads.size(), payloads.size() < 20);
    }
}
