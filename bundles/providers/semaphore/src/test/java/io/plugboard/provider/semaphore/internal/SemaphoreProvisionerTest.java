package io.plugboard.provider.semaphore.internal;

import static org.junit.Assert.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plugboard.api.provider.HookNeed;
import io.plugboard.api.provider.HookSpec;
import io.plugboard.provider.support.outbound.RecordingApiClient;
import io.plugboard.provider.support.outbound.TestIntegrationContext;
import org.junit.Test;

public class SemaphoreProvisionerTest {

    private final SemaphoreProvisioner provisioner = new SemaphoreProvisioner();
    private final TestIntegrationContext context = TestIntegrationContext.of("ci", Map.of());

    @Test
    public void everyEventSourceSharesTheIntegrationsNotification() {
        assertEquals(Optional.of(new HookNeed("notifications/plugboard-ci", Set.of("web"))),
                provisioner.hookFor(context, Map.of("project", "web")));
        assertEquals(Optional.of(new HookNeed("notifications/plugboard-ci", Set.of("*"))), provisioner.hookFor(context, Map.of()));
    }

    @Test
    public void anExistingNotificationAndSecretAreUpdatedInPlace() throws Exception {
        RecordingApiClient api = new RecordingApiClient()
                .answer(200, "{\"metadata\": {\"name\": \"plugboard-ci-webhook\"}}").answer(200, "{}")
                .answer(200, "{\"metadata\": {\"id\": \"n-9\"}}").answer(200, "{\"metadata\": {\"id\": \"n-9\"}}");
        assertEquals("n-9", provisioner.ensure(api, new HookSpec(context, "notifications/plugboard-ci", "https://pb/h", "s3",
                Set.of("*"), "n-9")));
        assertEquals(List.of("GET v1beta/secrets/plugboard-ci-webhook", "PATCH v1beta/secrets/plugboard-ci-webhook",
                "GET v1alpha/notifications/plugboard-ci", "PATCH v1alpha/notifications/n-9"), api.calls);
        JsonNode rule = new ObjectMapper().readTree(api.bodies.get(3)).path("spec").path("rules").get(0);
        assertEquals("[\"/.*/\"]", rule.path("filter").path("projects").toString());
        assertEquals("plugboard-ci-webhook", rule.path("notify").path("webhook").path("secret").asText());
    }

    @Test
    public void deletingRemovesTheNotificationAndItsSecretEvenIfOneIsGone() throws Exception {
        RecordingApiClient api = new RecordingApiClient().answer(404, "").answer(200, "{}");
        provisioner.delete(api, "notifications/plugboard-ci", "n-9");
        assertEquals(List.of("DELETE v1alpha/notifications/n-9", "DELETE v1beta/secrets/plugboard-ci-webhook"), api.calls);
    }
}
