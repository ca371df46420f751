package ${package}.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.Map;

import io.plugboard.api.provider.ActionCall;
import io.plugboard.api.provider.ActionException;
import io.plugboard.api.provider.ActionRun;
import io.plugboard.api.provider.Provider;
import io.plugboard.api.provider.RunState;
import io.plugboard.provider.support.outbound.RecordingApiClient;
import io.plugboard.provider.support.outbound.TestIntegrationContext;
import org.junit.Test;

public class ${classPrefix}ProviderTest {

    @Test
    public void describesTheProvider() {
        ${classPrefix}Provider provider = new ${classPrefix}Provider();
        assertTrue(Provider.isValidId(provider.id()));
        assertEquals("${id}", provider.id());
        assertEquals("${name}", provider.name());
        assertFalse(provider.eventTypes().isEmpty());
        assertEquals("https://${id}.example/api", provider.api("https://${id}.example").baseUrl().toString());
    }

    @Test
    public void runJobPostsTheJobAndRunsWithItsId() throws Exception {
        ${classPrefix}RunJob action = new ${classPrefix}RunJob();
        assertTrue(action.name().matches("[a-z0-9-]+"));
        assertTrue(action.inputSchema().contains("\"job\""));
        RecordingApiClient api = new RecordingApiClient().answer(201, "{\"id\":\"7\"}");
        ActionRun run = action.start(api, call(Map.of("job", "build")));
        assertEquals(RunState.RUNNING, run.state());
        assertEquals(Map.of("jobId", "7"), run.ids());
        assertEquals("POST jobs", api.calls.get(0));
        assertEquals("{\"name\":\"build\",\"ref\":\"main\"}", api.bodies.get(0));
    }

    @Test(expected = ActionException.class)
    public void aRefusalIsAnActionException() throws Exception {
        new ${classPrefix}RunJob().start(new RecordingApiClient().answer(403, "{}"), call(Map.of("job", "build")));
    }

    private static ActionCall call(Map<String, Object> input) {
        return new ActionCall(TestIntegrationContext.of("${id}", Map.of()), "execution-1", input, Instant.now());
    }
}
