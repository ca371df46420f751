package io.plugboard.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.plugboard.api.resource.Scope;
import org.apache.karaf.shell.api.console.Session;
import org.junit.Test;

public class SecretSetCommandTest {

    private final FakeResourceService service = new FakeResourceService();
    private final Output output = new Output();
    private final List<String> prompts = new ArrayList<>();

    @Test
    public void readsTheValueWithoutEchoAndNeverPrintsIt() throws Exception {
        command("semaphore", "api-token", "s3cr3t-value", null).execute();
        command("semaphore", "webhook-secret", "another-value", null).execute();
        command("semaphore", "api-token", "rotated-value", null).execute();

        assertEquals(List.of("Value for api-token: *", "Value for webhook-secret: *", "Value for api-token: *"),
                prompts);
        assertEquals(List.of(
                "secret/semaphore key api-token set (created)",
                "secret/semaphore key webhook-secret set (updated)",
                "secret/semaphore key api-token set (updated)"), output.lines());
        assertFalse(output.text().contains("value"));
        assertEquals(Optional.of("rotated-value"), service.secretValue(Scope.of(null, null), "semaphore", "api-token"));
    }

    @Test
    public void setsInTheGivenScope() throws Exception {
        command("github", "token", "v", "acme").execute();
        assertEquals(List.of("secret/github (acme) key token set (created)"), output.lines());
        assertEquals(Optional.of("v"), service.secretValue(Scope.organization("acme"), "github", "token"));
    }

    @Test
    public void anEmptyValueSetsNothing() throws Exception {
        for (String empty : new String[] {"", null}) {
            try {
                command("semaphore", "api-token", empty, null).execute();
                fail();
            } catch (IllegalArgumentException e) {
                assertEquals("No value given: secret/semaphore key api-token not set", e.getMessage());
            }
        }
        assertTrue(service.store.isEmpty());
        assertEquals("", output.text());
    }

    private SecretSetCommand command(String name, String key, String typed, String organization) {
        SecretSetCommand command = new SecretSetCommand();
        command.resources = service;
        command.out = output.stream;
        command.name = name;
        command.key = key;
        command.organization = organization;
        command.session = (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("readLine")) {
                        prompts.add(args[0] + "" + args[1]);
                        return typed;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return command;
    }
}
