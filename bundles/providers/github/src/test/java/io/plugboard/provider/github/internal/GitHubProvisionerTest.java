package io.plugboard.provider.github.internal;

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
import io.plugboard.api.provider.IntegrationContext;
import io.plugboard.provider.support.outbound.RecordingApiClient;
import io.plugboard.provider.support.outbound.TestIntegrationContext;
import org.junit.Test;

public class GitHubProvisionerTest {

    private final GitHubProvisioner provisioner = new GitHubProvisioner();

    @Test
    public void aRepositoryFilterNeedsARepositoryHookForItsEvent() throws Exception {
        assertEquals(Optional.of(new HookNeed("repos/octo/hello", Set.of("push"))),
                provisioner.hookFor(context(Map.of()), Map.of("repository", "octo/hello", "event", "push")));
        assertEquals(Optional.of(new HookNeed("repos/octo/hello", Set.of("*"))),
                provisioner.hookFor(context(Map.of()), Map.of("repository", "octo/hello")));
        assertEquals(Optional.empty(), provisioner.hookFor(context(Map.of()), Map.of("branch", "main")));
        ActionException e = assertThrows(ActionException.class,
                () -> provisioner.hookFor(context(Map.of()), Map.of("repository", "../x/y")));
        assertTrue(e.getMessage(), e.getMessage().contains("owner/name"));
    }

    @Test
    public void anOrganizationIntegrationNeedsOneOrganizationHook() throws Exception {
        IntegrationContext org = context(Map.of("github", Map.of("organization", "acme")));
        assertEquals(Optional.of(new HookNeed("orgs/acme", Set.of("push"))),
                provisioner.hookFor(org, Map.of("repository", "acme/one", "event", "push")));
        assertEquals(Optional.of(new HookNeed("orgs/acme", Set.of("*"))), provisioner.hookFor(org, Map.of()));
    }

    @Test
    public void aHookThatAlreadyPointsHereIsPatchedNotDuplicated() throws Exception {
        RecordingApiClient api = new RecordingApiClient().answer(200, "[{\"id\": 5, \"config\": {\"url\": \"https://elsewhere\"}},"
                + "{\"id\": 9, \"config\": {\"url\": \"https://pb/webhooks/github/u1\"}}]").answer(200, "{}");
        String id = provisioner.ensure(api, new HookSpec(context(Map.of()), "repos/octo/hello", "https://pb/webhooks/github/u1",
                "whsec_x", Set.of("push", "release"), null));
        assertEquals("9", id);
        assertEquals(List.of("GET repos/octo/hello/hooks?per_page=100", "PATCH repos/octo/hello/hooks/9"), api.calls);
        JsonNode body = new ObjectMapper().readTree(api.bodies.get(1));
        assertEquals("[\"push\",\"release\"]", body.path("events").toString());
        assertEquals("whsec_x", body.path("config").path("secret").asText());
        assertEquals("0", body.path("config").path("insecure_ssl").asText());
    }

    @Test
    public void aNewHookIsCreatedWithTheDocumentedBodyAndADeletedOneThatIsGoneIsFine() throws Exception {
        RecordingApiClient api = new RecordingApiClient().answer(200, "[]").answer(201, "{\"id\": 12}").answer(404, "");
        assertEquals("12", provisioner.ensure(api, new HookSpec(context(Map.of()), "orgs/acme", "https://pb/h", "whsec_y",
                Set.of("*"), null)));
        JsonNode body = new ObjectMapper().readTree(api.bodies.get(1));
        assertEquals("web", body.path("name").asText());
        assertEquals("[\"*\"]", body.path("events").toString());
        assertEquals("json", body.path("config").path("content_type").asText());
        provisioner.delete(api, "orgs/acme", "12");
        assertEquals(List.of("GET orgs/acme/hooks?per_page=100", "POST orgs/acme/hooks", "DELETE orgs/acme/hooks/12"), api.calls);
    }

    @Test
    public void aRefusalSaysWhatTheTokenLacks() {
        RecordingApiClient api = new RecordingApiClient()
                .answer(403, "{\"message\": \"Resource not accessible by personal access token\"}");
        ActionException e = assertThrows(ActionException.class, () -> provisioner.ensure(api, new HookSpec(context(Map.of()),
                "repos/octo/hello", "https://pb/x", "s", Set.of("*"), null)));
        assertTrue(e.getMessage(), e.getMessage().contains("admin:repo_hook") && e.getMessage().contains("octo/hello"));
        assertTrue(!e.retryable());
    }

    private static IntegrationContext context(Map<String, Object> settings) {
        return TestIntegrationContext.of("gh", settings);
    }
}
