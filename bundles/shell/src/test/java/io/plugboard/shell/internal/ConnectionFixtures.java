package io.plugboard.shell.internal;

import static io.plugboard.shell.internal.YamlTextTest.ordered;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;

import io.plugboard.api.connection.ConnectionSource;
import io.plugboard.api.connection.ConnectionType;
import io.plugboard.api.connection.ConnectionTypeRef;
import io.plugboard.api.connection.FormField;
import io.plugboard.api.connection.InvalidConnectionType;
import io.plugboard.api.connection.Probe;
import io.plugboard.api.connection.SourceKind;
import org.apache.karaf.shell.api.console.Session;

/** Connection types, their forms and a rejected file, shared by the connection command tests. */
final class ConnectionFixtures {

    static final ConnectionTypeRef GITHUB_TOKEN = ConnectionTypeRef.parse("github/token@1");
    static final ConnectionTypeRef GITHUB_APP = ConnectionTypeRef.parse("github/app@1");
    static final ConnectionTypeRef SEMAPHORE = ConnectionTypeRef.parse("semaphore/api@2");

    static final InvalidConnectionType GITLAB_INVALID = new InvalidConnectionType("gitlab",
            "connections/token/connection.yaml", "storageSchema: must be a JSON Schema object");

    static final List<FormField> GITHUB_TOKEN_FORM = List.of(
            new FormField("token", "Token", "A personal access token", "string", true, true, List.of(), null),
            new FormField("baseUrl", "baseUrl", "", "string", false, false, List.of(), "https://api.github.com"));

    static final List<FormField> SEMAPHORE_FORM = List.of(
            new FormField("organization", "Organization", "Your Semaphore\norganization", "string", true, false,
                    List.of(), null),
            new FormField("token", "API token", "", "string", true, true, List.of(), null),
            new FormField("timeout", "Timeout", "Seconds to wait", "integer", false, false, List.of(), 30),
            new FormField("verifyTls", "Verify TLS", "", "boolean", false, false, List.of(), null),
            new FormField("region", "Region", "", "string", false, false, List.of("eu", "us"), null),
            new FormField("ratio", "Sample ratio", "", "number", false, false, List.of(), null));

    private ConnectionFixtures() {
    }

    static FakeConnectionTypeRegistry registry() {
        FakeConnectionTypeRegistry registry = new FakeConnectionTypeRegistry();
        registry.types.add(new ConnectionType(SEMAPHORE, "Semaphore API token", "",
                ordered("type", "object"),
                ordered("type", "object", "properties", ordered("webhookSecret", Map.of(), "webhookUrl", Map.of())),
                List.of(new ConnectionSource("default", "", "", SourceKind.FORM, Map.of()),
                        new ConnectionSource("enterprise", "On-premise", "", SourceKind.FORM, Map.of())),
                new Probe("https://${input.organization}.semaphoreci.com/api/v1alpha/projects",
                        Map.of("Authorization", "Token ${input.token}"), Map.of()),
                "io.plugboard.provider.semaphore:connections/api@2.yaml"));
        registry.types.add(new ConnectionType(GITHUB_TOKEN, "GitHub personal access token",
                "Use a fine-grained token.\n\nIt needs read access to the repositories.\n",
                ordered("type", "object"), null,
                List.of(new ConnectionSource("default", "Paste a token", "", SourceKind.FORM, Map.of())),
                new Probe("https://api.github.com/user",
                        Map.of("Authorization", "Bearer ${input.token}", "Accept", "application/vnd.github+json"),
                        Map.of("sub", "/id", "name", "/login")),
                "io.plugboard.provider.github:connections/token/connection.yaml"));
        registry.types.add(new ConnectionType(GITHUB_APP, "GitHub App login", "", ordered("type", "object"), null,
                List.of(new ConnectionSource("oauth", "Log in with GitHub", "", SourceKind.OAUTH2, Map.of())),
                null, "io.plugboard.provider.github:connections/app/connection.yaml"));
        registry.invalid.add(GITLAB_INVALID);
        return registry;
    }

    static FakeConnectionService service() {
        FakeConnectionService service = new FakeConnectionService();
        service.forms.put(GITHUB_TOKEN, GITHUB_TOKEN_FORM);
        service.forms.put(SEMAPHORE, SEMAPHORE_FORM);
        return service;
    }

    /** A console session that records each prompt with its mask ({@code prompt|mask}) and answers from a list. */
    static Session console(List<String> prompts, String... answers) {
        int[] next = {0};
        return (Session) Proxy.newProxyInstance(ConnectionFixtures.class.getClassLoader(),
                new Class<?>[] {Session.class}, (proxy, method, args) -> {
                    if (method.getName().equals("readLine")) {
                        prompts.add(args[0] + "|" + args[1]);
                        return next[0] < answers.length ? answers[next[0]++] : null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
