package io.plugboard.provider.github.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plugboard.api.outbound.ApiClient;
import io.plugboard.api.outbound.ApiRequest;
import io.plugboard.api.outbound.ApiResponse;
import io.plugboard.api.provider.ActionException;
import io.plugboard.api.provider.HookNeed;
import io.plugboard.api.provider.HookSpec;
import io.plugboard.api.provider.IntegrationContext;
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
        Recording api = new Recording("[{\"id\": 5, \"config\": {\"url\": \"https://elsewhere\"}},"
                + "{\"id\": 9, \"config\": {\"url\": \"https://pb/webhooks/github/u1\"}}]", "{}");
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
    public void aRefusalSaysWhatTheTokenLacks() {
        Recording api = new Recording("[]", null);
        api.status = 403;
        ActionException e = assertThrows(ActionException.class, () -> provisioner.ensure(api, new HookSpec(context(Map.of()),
                "repos/octo/hello", "https://pb/x", "s", Set.of("*"), null)));
        assertTrue(e.getMessage(), e.getMessage().contains("admin:repo_hook") && e.getMessage().contains("octo/hello"));
        assertTrue(!e.retryable());
    }

    private static IntegrationContext context(Map<String, Object> settings) {
        return new IntegrationContext() {
            public String integrationName() { return "gh"; }
            public String organization() { return "default"; }
            public String url() { return ""; }
            public Optional<String> token() { return Optional.of("t"); }
            public String webhookUrl() { return "https://pb/webhooks/github/u1"; }
            public Map<String, Object> settings() { return settings; }
        };
    }

    /** Answers the GET with a listing and everything else with {@code answer}; records method and path. */
    private static final class Recording implements ApiClient {
        final List<String> calls = new ArrayList<>();
        final List<String> bodies = new ArrayList<>();
        final String listing;
        final String answer;
        int status = 200;

        Recording(String listing, String answer) {
            this.listing = listing;
            this.answer = answer;
        }

        public URI baseUrl() {
            return URI.create("https://api.github.com");
        }

        public ApiResponse send(ApiRequest request) {
            calls.add(request.method() + " " + request.path());
            bodies.add(request.body() == null ? "" : new String(request.body(), StandardCharsets.UTF_8));
            String text = "GET".equals(request.method()) ? listing : answer;
            int s = "GET".equals(request.method()) ? 200 : status;
            if (status != 200) {
                s = status;
                text = "{\"message\": \"Resource not accessible by personal access token\"}";
            }
            return new ApiResponse(s, Map.of(), new ByteArrayInputStream((text == null ? "" : text).getBytes(StandardCharsets.UTF_8)));
        }
    }
}
