package io.plugboard.provider.gitlab.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plugboard.api.provider.ActionException;
import io.plugboard.api.provider.HookNeed;
import io.plugboard.api.provider.HookSpec;
import io.plugboard.provider.support.outbound.RecordingApiClient;
import io.plugboard.provider.support.outbound.TestIntegrationContext;
import org.junit.Test;

public class GitLabProvisionerTest {

    private final GitLabProvisioner provisioner = new GitLabProvisioner();
    private final TestIntegrationContext context = TestIntegrationContext.of("gl", Map.of());

    @Test
    public void aProjectFilterNeedsAHookOnThatProjectForItsEvent() throws Exception {
        assertEquals(Optional.of(new HookNeed("projects/group%2Fsub%2Fapp", Set.of("Merge Request Hook"))),
                provisioner.hookFor(context, Map.of("project", "group/sub/app", "event", "Merge Request Hook")));
        assertEquals(Optional.empty(), provisioner.hookFor(context, Map.of("branch", "main")));
        ActionException e = assertThrows(ActionException.class,
                () -> provisioner.hookFor(context, Map.of("project", "g/a", "event", "Push")));
        assertTrue(e.getMessage(), e.getMessage().contains("Push Hook"));
    }

    @Test
    public void theFlagsAreThoseOfTheEventsAndAnExistingHookIsEdited() throws Exception {
        RecordingApiClient api = new RecordingApiClient()
                .answer(200, "[{\"id\": 3, \"url\": \"https://pb/h\"}]").answer(200, "{\"id\": 3}");
        assertEquals("3", provisioner.ensure(api, new HookSpec(context, "projects/g%2Fa", "https://pb/h", "tok",
                Set.of("Push Hook", "Tag Push Hook"), null)));
        assertEquals(List.of("GET projects/g%2Fa/hooks?per_page=100", "PUT projects/g%2Fa/hooks/3"), api.calls);
        JsonNode body = new ObjectMapper().readTree(api.bodies.get(1));
        assertEquals("tok", body.path("token").asText());
        assertTrue(body.path("push_events").asBoolean() && body.path("tag_push_events").asBoolean());
        assertTrue(!body.path("pipeline_events").asBoolean() && !body.path("merge_requests_events").asBoolean());
    }

    @Test
    public void allEventsSetEveryFlag() throws Exception {
        RecordingApiClient api = new RecordingApiClient().answer(200, "[]").answer(201, "{\"id\": 8}");
        assertEquals("8", provisioner.ensure(api, new HookSpec(context, "projects/g%2Fa", "https://pb/h", "tok", Set.of("*"), null)));
        JsonNode body = new ObjectMapper().readTree(api.bodies.get(1));
        for (String flag : GitLabProvisioner.FLAGS.values()) {
            assertTrue(flag, body.path(flag).asBoolean());
        }
        assertEquals("POST projects/g%2Fa/hooks", api.calls.get(1));
    }
}
