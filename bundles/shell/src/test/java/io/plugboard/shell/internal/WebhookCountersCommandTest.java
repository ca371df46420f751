package io.plugboard.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;

public class WebhookCountersCommandTest {

    private final Output output = new Output();

    @Test
    public void listsTheCountersInTheirOrder() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("received", 12L);
        counts.put("accepted", 9L);
        counts.put("rejected", 3L);
        WebhookCountersCommand command = new WebhookCountersCommand();
        command.counters = () -> counts;
        command.out = output.stream;
        command.execute();
        assertEquals(List.of(
                List.of("Counter", "Count"),
                List.of("received", "12"),
                List.of("accepted", "9"),
                List.of("rejected", "3")), output.table());
    }

    @Test
    public void withoutTheWebhooksBundleItSaysWhatIsMissing() {
        WebhookCountersCommand command = new WebhookCountersCommand();
        command.out = output.stream;
        IllegalStateException e = assertThrows(IllegalStateException.class, command::execute);
        assertTrue(e.getMessage(), e.getMessage().contains("io.plugboard.webhooks"));
    }
}
