package io.plugboard.shell.internal;

import static io.plugboard.shell.internal.YamlTextTest.ordered;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.Map;

import io.plugboard.api.resource.Kind;
import io.plugboard.api.resource.ResourceInUseException;
import io.plugboard.api.resource.ResourceRef;
import io.plugboard.api.resource.Scope;
import org.junit.Before;
import org.junit.Test;

/** list, get and delete for the three kinds. */
public class ResourceCommandsTest {

    private static final Scope DEFAULT = Scope.organization("default");
    private static final Scope CANVAS = Scope.of("default", "canvas-1");
    private static final Scope ACME = Scope.organization("acme");

    private final FakeResourceService service = new FakeResourceService();
    private final Output output = new Output();

    private final ResourceRef secret = new ResourceRef(Kind.SECRET, DEFAULT, "semaphore");
    private final ResourceRef integration = new ResourceRef(Kind.INTEGRATION, DEFAULT, "semaphore-integration");
    private final ResourceRef source = new ResourceRef(Kind.EVENT_SOURCE, CANVAS, "my-specific-project");

    @Before
    public void resources() {
        service.store(secret, Map.of("keys", List.of("api-token", "webhook-secret")), Map.of());
        service.store(new ResourceRef(Kind.SECRET, ACME, "github"), Map.of("keys", List.of()), Map.of());
        service.store(integration, Map.of("type", "semaphore"), Map.of("phase", "READY"));
        service.store(integration, Map.of("type", "semaphore", "url", "https://x.example"), Map.of("phase", "READY"));
        service.store(new ResourceRef(Kind.INTEGRATION, CANVAS, "github"), Map.of("type", "github"), Map.of());
        service.store(source, Map.of("integration", ordered("domain", "ORGANIZATION", "name", "semaphore-integration")),
                Map.of());
        service.usedBy.put(integration, List.of(source));
        service.usedBy.put(secret, List.of(integration));
    }

    @Test
    public void secretListShowsKeyNamesInEveryOrganization() {
        list(new SecretListCommand(), null, null);
        assertEquals(List.of(
                List.of("Name", "Organization", "Canvas", "Generation", "Updated", "Keys"),
                List.of("github", "acme", "-", "1", "2024-05-01T10:01:00Z", "-"),
                List.of("semaphore", "default", "-", "1", "2024-05-01T10:01:00Z", "api-token, webhook-secret")),
                output.table());
    }

    @Test
    public void secretListFiltersByOrganization() {
        list(new SecretListCommand(), "acme", null);
        assertEquals(2, output.table().size());
        assertEquals("github", output.table().get(1).get(0));
    }

    @Test
    public void integrationListShowsTypeAndPhase() {
        list(new IntegrationListCommand(), null, null);
        assertEquals(List.of(
                List.of("Name", "Organization", "Canvas", "Generation", "Updated", "Type", "Phase"),
                List.of("semaphore-integration", "default", "-", "2", "2024-05-01T10:02:00Z", "semaphore", "READY"),
                List.of("github", "default", "canvas-1", "1", "2024-05-01T10:01:00Z", "github", "-")),
                output.table());
    }

    @Test
    public void eventSourceListShowsTheIntegration() {
        list(new EventSourceListCommand(), "default", "canvas-1");
        assertEquals(List.of(
                List.of("Name", "Organization", "Canvas", "Generation", "Updated", "Integration"),
                List.of("my-specific-project", "default", "canvas-1", "1", "2024-05-01T10:01:00Z",
                        "ORGANIZATION/semaphore-integration")),
                output.table());
    }

    @Test
    public void anEmptyListSaysSoAndHowToCreateSome() {
        list(new EventSourceListCommand(), "acme", null);
        assertEquals("No event sources in organization 'acme'. Create them with plugboard:apply <file>.",
                last(output));
        Output more = new Output();
        SecretListCommand secrets = new SecretListCommand();
        secrets.resources = service;
        secrets.out = more.stream;
        secrets.canvas = "nowhere";
        secrets.execute();
        assertEquals("No secrets in canvas 'nowhere'. Create them with plugboard:apply <file> or plugboard:secret-set.",
                last(more));
    }

    private static String last(Output output) {
        List<String> lines = output.lines();
        return lines.get(lines.size() - 1).trim();
    }

    @Test
    public void integrationProvisionRunsItAndShowsStateReasonAndHooks() {
        named(new IntegrationProvisionCommand(), "semaphore-integration", null, null).execute();
        assertEquals(List.of("State: Pending",
                "Reason: the provider answered 502 to 'create the webhook on octo/hello'",
                "Next attempt: 2024-05-01T10:00:02Z",
                "Hook 7 on repos/octo/other"), output.lines());
    }

    @Test
    public void integrationProvisionOfAnAbsentIntegrationSaysWhereToLook() {
        IllegalArgumentException e = org.junit.Assert.assertThrows(IllegalArgumentException.class,
                () -> named(new IntegrationProvisionCommand(), "nope", null, null).execute());
        assertTrue(e.getMessage(), e.getMessage().contains("See plugboard:integration-list."));
    }

    @Test
    public void getPrintsTheDocumentAsYaml() {
        named(new IntegrationGetCommand(), "semaphore-integration", null, null).execute();
        String text = output.text();
        assertTrue(text, text.startsWith("apiVersion: v1\nkind: Integration\nmetadata:\n  name: semaphore-integration\n"
                + "  organization: default\n  uid: uid-semaphore-integration\n  generation: 2\n"));
        assertTrue(text, text.contains("\nspec:\n  "));
        assertTrue(text, text.contains("  type: semaphore\n"));
        assertTrue(text, text.endsWith("status:\n  phase: READY\n"));
    }

    @Test
    public void getOfASecretShowsOnlyKeyNames() {
        named(new SecretGetCommand(), "semaphore", null, null).execute();
        assertTrue(output.text(), output.text().endsWith("spec:\n  keys:\n    - api-token\n    - webhook-secret\n"));
    }

    @Test
    public void getInTheWrongScopeSaysWhereTheResourceIs() {
        try {
            named(new EventSourceGetCommand(), "my-specific-project", null, null).execute();
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("No EventSource 'my-specific-project' in organization 'default'. "
                    + "There is one with: -o default -c canvas-1.", e.getMessage());
        }
        named(new EventSourceGetCommand(), "my-specific-project", null, "canvas-1").execute();
        assertTrue(output.text().contains("  canvasId: canvas-1\n"));
    }

    @Test
    public void deleteOfAnIntegrationInUseFailsAndNamesTheReferrers() {
        try {
            named(new IntegrationDeleteCommand(), "semaphore-integration", null, null).execute();
            fail();
        } catch (IllegalStateException e) {
            assertEquals("integration/semaphore-integration is used by eventsource/my-specific-project "
                    + "(default/canvas-1); delete those first, or delete with --cascade", e.getMessage());
            assertTrue(e.getCause() instanceof ResourceInUseException);
        }
        assertTrue(service.store.containsKey(integration));
        assertEquals("", output.text());
    }

    @Test
    public void deleteOfASecretInUseDoesNotOfferCascade() {
        try {
            named(new SecretDeleteCommand(), "semaphore", null, null).execute();
            fail();
        } catch (IllegalStateException e) {
            assertEquals("secret/semaphore is used by integration/semaphore-integration; delete those first",
                    e.getMessage());
        }
    }

    @Test
    public void cascadeDeletesTheEventSourcesToo() {
        IntegrationDeleteCommand command = named(new IntegrationDeleteCommand(), "semaphore-integration", null, null);
        command.cascade = true;
        command.execute();
        assertEquals(List.of("integration/semaphore-integration deleted",
                "eventsource/my-specific-project (default/canvas-1) deleted"), output.lines());
        assertFalse(service.store.containsKey(integration));
        assertFalse(service.store.containsKey(source));
    }

    @Test
    public void deleteInAnotherScope() {
        named(new SecretDeleteCommand(), "github", "acme", null).execute();
        assertEquals(List.of("secret/github (acme) deleted"), output.lines());
    }

    @Test
    public void deleteOfSomethingMissingFails() {
        try {
            named(new EventSourceDeleteCommand(), "nope", null, null).execute();
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("No EventSource 'nope' in organization 'default'. See plugboard:eventsource-list.",
                    e.getMessage());
        }
    }

    private void list(ResourceListCommand command, String organization, String canvas) {
        command.resources = service;
        command.out = output.stream;
        command.organization = organization;
        command.canvas = canvas;
        command.execute();
    }

    private <T extends NamedResourceCommand> T named(T command, String name, String organization, String canvas) {
        command.resources = service;
        command.out = output.stream;
        command.organization = organization;
        command.canvas = canvas;
        try {
            command.getClass().getDeclaredField("name").set(command, name); // the argument field of each kind
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
        return command;
    }
}
