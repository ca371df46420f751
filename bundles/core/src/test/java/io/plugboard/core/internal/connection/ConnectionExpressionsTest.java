package io.plugboard.core.internal.connection;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.plugboard.api.connection.ConnectionTypeRef;
import io.plugboard.core.internal.connection.ConnectionExpressions.Lookup;
import io.plugboard.core.internal.connection.ConnectionExpressions.Reference;
import org.junit.Test;

public class ConnectionExpressionsTest {

    private static final ConnectionTypeRef GITHUB_TOKEN = new ConnectionTypeRef("github", "token", 1);
    private static final String FORMS = "expected ${connections.<provider>.<name>} or "
            + "${connections.'<provider>/<type>@<version>'.<name>}, optionally followed by .<field>";

    /** Every lookup made, as "provider type name". */
    private final List<String> lookups = new ArrayList<>();

    /** The stored object of github's "mine", the same instance on every lookup. */
    private final Map<String, Object> mine = mine();

    private final Lookup lookup = (provider, type, name) -> {
        lookups.add(provider + " " + type + " " + name);
        if (provider.equals("github") && name.equals("mine")) {
            return mine;
        }
        if (provider.equals("slack") && name.equals("raw")) {
            return Map.of("password", "p${connections.x}");
        }
        if (provider.equals("slack") && name.equals("team")) {
            return Map.of("scopes", List.of("chat:write"));
        }
        if (provider.equals("github") && name.equals("both")) {
            throw new IllegalArgumentException("several github connections are called 'both': github/token@1, "
                    + "github/app@1; name the type");
        }
        throw new IllegalArgumentException("no connection '" + name + "' of " + (type == null ? provider : type));
    };

    private static Map<String, Object> mine() {
        Map<String, Object> storage = new LinkedHashMap<>();
        storage.put("token", "ghp_abc");
        storage.put("token_type", "bearer");
        storage.put("expires_in", 3600);
        storage.put("refreshable", true);
        storage.put("scopes", new ArrayList<>(List.of("repo", "gist")));
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("login", "octocat");
        user.put("avatar", null);
        storage.put("user", user);
        return storage;
    }

    private static void assertRejected(String text, String message) {
        try {
            ConnectionExpressions.parse(text);
            fail("parsed " + text);
        } catch (IllegalArgumentException e) {
            assertEquals(message, e.getMessage());
        }
    }

    private void assertResolveRejected(Object template, String message) {
        try {
            ConnectionExpressions.resolve(template, lookup);
            fail("resolved " + template);
        } catch (IllegalArgumentException e) {
            assertEquals(message, e.getMessage());
        }
    }

    // --- parse

    @Test
    public void parsesEveryFormWithPositionsAndFields() {
        String first = "${connections.github.mine}";
        String second = "${connections.'github/token@1'.mine.token}";
        String third = "${connections.\"acme/api-key@12\".prod-2.user.login}";
        String fourth = "${connections.x.y.a_b.C-1}";
        String text = "a " + first + " b " + second + " " + third + fourth;

        List<Reference> references = ConnectionExpressions.parse(text);

        int s2 = text.indexOf(second);
        int s3 = text.indexOf(third);
        int s4 = text.indexOf(fourth);
        assertEquals(List.of(
                new Reference("github", null, "mine", List.of(), 2, 2 + first.length()),
                new Reference("github", GITHUB_TOKEN, "mine", List.of("token"), s2, s2 + second.length()),
                new Reference("acme", new ConnectionTypeRef("acme", "api-key", 12), "prod-2",
                        List.of("user", "login"), s3, s3 + third.length()),
                new Reference("x", null, "y", List.of("a_b", "C-1"), s4, text.length())), references);
        assertEquals(first, references.get(0).expression());
        assertEquals(second, references.get(1).expression());
        assertEquals("${connections.'acme/api-key@12'.prod-2.user.login}", references.get(2).expression());
    }

    @Test
    public void leavesOtherExpressionsAlone() {
        assertEquals(List.of(), ConnectionExpressions.parse("${x} ${input.token} ${connections} ${connectionsx.y} $"));
        assertEquals("${x} and ${env.HOME} and ${connections}",
                ConnectionExpressions.resolve("${x} and ${env.HOME} and ${connections}", lookup));
        assertEquals(List.of(), lookups);
    }

    @Test
    public void rejectsMalformedExpressions() {
        assertRejected("${connections.github}", "${connections.github} : " + FORMS);
        assertRejected("x ${connections.github.} y", "${connections.github.} : " + FORMS);
        assertRejected("${connections.GitHub.mine}", "${connections.GitHub.mine} : " + FORMS);
        assertRejected("${connections.github.Mine}", "${connections.github.Mine} : " + FORMS);
        assertRejected("${connections.github.mine.}", "${connections.github.mine.} : " + FORMS);
        assertRejected("${connections.github.mine..token}", "${connections.github.mine..token} : " + FORMS);
        assertRejected("${connections.github.mine token}", "${connections.github.mine token} : " + FORMS);
        assertRejected("${connections.'github/token@1\".mine}", "${connections.'github/token@1\".mine} : " + FORMS);
        assertRejected("${connections.github/token@1.mine}", "${connections.github/token@1.mine} : " + FORMS);
        assertRejected("${connections.'github/token@1'}", "${connections.'github/token@1'} : " + FORMS);
        assertRejected("ok ${connections.github.mine} ${connections.github.mine",
                "${connections.github.mine : missing the closing }; " + FORMS);
        assertRejected("${connections.'github/token'.mine}", "${connections.'github/token'.mine} : 'github/token' "
                + "is not a connection type: expected <provider>/<name>@<version>, e.g. github/token@1");
        assertRejected("${connections.' github/token@1'.mine}", "${connections.' github/token@1'.mine} : "
                + "' github/token@1' is not a connection type: expected <provider>/<name>@<version>, e.g. github/token@1");
        assertRejected("${connections.'github/token@0'.mine}", "${connections.'github/token@0'.mine} : "
                + "'github/token@0' is not a connection type: expected <provider>/<name>@<version>, e.g. github/token@1");
    }

    // --- resolve

    @Test
    @SuppressWarnings("unchecked")
    public void aWholeExpressionBecomesACopyOfTheStoredObject() {
        Object resolved = ConnectionExpressions.resolve("${connections.github.mine}", lookup);

        assertEquals(mine(), resolved);
        Map<String, Object> map = (Map<String, Object>) resolved;
        map.put("token", "changed");
        ((List<Object>) map.get("scopes")).add("changed");
        ((Map<String, Object>) map.get("user")).put("login", "changed");
        assertEquals("the stored object is unchanged", mine(), mine);
        assertEquals(List.of("github null mine"), lookups);
    }

    @Test
    public void aWholeExpressionWithAFieldBecomesTheFieldsValueOfAnyType() {
        assertEquals("ghp_abc", ConnectionExpressions.resolve("${connections.github.mine.token}", lookup));
        assertEquals(3600, ConnectionExpressions.resolve("${connections.'github/token@1'.mine.expires_in}", lookup));
        assertEquals(true, ConnectionExpressions.resolve("${connections.github.mine.refreshable}", lookup));
        assertEquals(List.of("repo", "gist"), ConnectionExpressions.resolve("${connections.github.mine.scopes}",
                lookup));
        assertEquals("octocat", ConnectionExpressions.resolve("${connections.github.mine.user.login}", lookup));
        assertEquals(null, ConnectionExpressions.resolve("${connections.github.mine.user.avatar}", lookup));
        assertEquals(List.of("github null mine", "github github/token@1 mine", "github null mine",
                "github null mine", "github null mine", "github null mine"), lookups);
    }

    @Test
    public void embeddedExpressionsBecomeTextOfScalars() {
        assertEquals("token ghp_abc (bearer) for 3600 s, refreshable: true.",
                ConnectionExpressions.resolve("token ${connections.github.mine.token} "
                        + "(${connections.'github/token@1'.mine.token_type}) for ${connections.github.mine.expires_in}"
                        + " s, refreshable: ${connections.github.mine.refreshable}.", lookup));
        assertEquals("each connection is looked up once per call",
                List.of("github null mine", "github github/token@1 mine"), lookups);
        assertEquals("ghp_abcghp_abc",
                ConnectionExpressions.resolve("${connections.github.mine.token}${connections.github.mine.token}",
                        lookup));
    }

    @Test
    public void embeddingAWholeConnectionOrANonScalarIsRefused() {
        assertResolveRejected("Bearer ${connections.github.mine}", "${connections.github.mine} : cannot embed a "
                + "whole connection in text; name a field, e.g. ${connections.github.mine.expires_in}");
        assertResolveRejected("x${connections.'github/token@1'.mine}", "${connections.'github/token@1'.mine} : "
                + "cannot embed a whole connection in text; name a field, e.g. "
                + "${connections.'github/token@1'.mine.expires_in}");
        assertResolveRejected("scopes: ${connections.github.mine.scopes}", "${connections.github.mine.scopes} : "
                + "cannot embed a list in text; name a field holding text, a number or a boolean, e.g. "
                + "${connections.github.mine.expires_in}");
        assertResolveRejected("user: ${connections.github.mine.user}", "${connections.github.mine.user} : "
                + "cannot embed an object in text; name a field holding text, a number or a boolean, e.g. "
                + "${connections.github.mine.expires_in}");
        assertResolveRejected("a: ${connections.github.mine.user.avatar}", "${connections.github.mine.user.avatar} : "
                + "cannot embed a null field in text; name a field holding text, a number or a boolean, e.g. "
                + "${connections.github.mine.expires_in}");
        assertResolveRejected("s: ${connections.slack.team}", "${connections.slack.team} : cannot embed a whole "
                + "connection in text; name a field, e.g. ${connections.slack.team.<field>}");
    }

    @Test
    public void missingFieldsNameTheFieldAndTheConnection() {
        assertResolveRejected("${connections.github.mine.tokn}", "${connections.github.mine.tokn} : connection "
                + "'mine' of github has no field 'tokn' (fields: expires_in, refreshable, scopes, token, token_type, "
                + "user)");
        assertResolveRejected("x ${connections.'github/token@1'.mine.user.name}",
                "${connections.'github/token@1'.mine.user.name} : connection 'mine' of github/token@1 has no field "
                        + "'user.name' (fields: avatar, login)");
        assertResolveRejected("${connections.github.mine.token.value}", "${connections.github.mine.token.value} : "
                + "field 'token' of connection 'mine' of github is not an object, so it has no field 'value'");
    }

    @Test
    public void lookupErrorsAreThrownAsTheyAre() {
        assertResolveRejected(Map.of("a", "${connections.github.both.token}"),
                "several github connections are called 'both': github/token@1, github/app@1; name the type");
        assertResolveRejected(List.of("x", "${connections.'gitlab/token@2'.other}"),
                "no connection 'other' of gitlab/token@2");
    }

    @Test
    public void nullStorageIsNoConnection() {
        try {
            ConnectionExpressions.resolve("${connections.github.gone}", (provider, type, name) -> null);
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("no connection 'gone' of github", e.getMessage());
        }
    }

    @Test
    public void mapsAndListsAreWalkedIntoNewOnes() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("${connections.github.mine.token}", List.of("${connections.github.mine.user.login}", 7));
        nested.put("n", null);
        Map<String, Object> template = new LinkedHashMap<>();
        template.put("auth", "Bearer ${connections.github.mine.token}");
        template.put("nested", nested);
        template.put("count", 3);
        template.put("flag", false);
        template.put("plain", "no expression");

        Object resolved = ConnectionExpressions.resolve(template, lookup);

        Map<String, Object> expectedNested = new LinkedHashMap<>();
        expectedNested.put("${connections.github.mine.token}", List.of("octocat", 7));
        expectedNested.put("n", null);
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("auth", "Bearer ghp_abc");
        expected.put("nested", expectedNested);
        expected.put("count", 3);
        expected.put("flag", false);
        expected.put("plain", "no expression");
        assertEquals(expected, resolved);
        assertEquals(List.of("auth", "nested", "count", "flag", "plain"),
                new ArrayList<>(((Map<?, ?>) resolved).keySet()));
        assertNotSame(template, resolved);
        assertEquals("the template is unchanged", "Bearer ${connections.github.mine.token}", template.get("auth"));
    }

    @Test
    public void otherValuesAreReturnedAsTheyAre() {
        Object value = new StringBuilder("${connections.github.mine}");
        assertSame(value, ConnectionExpressions.resolve(value, lookup));
        assertEquals(null, ConnectionExpressions.resolve(null, lookup));
        assertEquals(42L, ConnectionExpressions.resolve(42L, lookup));
        assertEquals(List.of(), lookups);
    }

    // --- resolveInput

    private static Map<String, Object> schema() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("github", Map.of("type", "string", "x-relay-connectionType", "github/token@1"));
        properties.put("title", Map.of("type", "string"));
        properties.put("extra", Map.of("type", "object", "properties",
                Map.of("inner", Map.of("x-relay-connectionType", "github/token@1"))));
        properties.put("many", Map.of("type", "array", "items", Map.of("x-relay-connectionType", "slack/bot@2")));
        return Map.of("type", "object", "properties", properties);
    }

    @Test
    public void resolveInputReplacesConnectionNamesOfTheMarkedType() {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("github", "mine");
        input.put("title", "mine: ${connections.github.mine.user.login}");
        input.put("extra", Map.of("inner", "mine"));
        input.put("many", List.of("team"));
        input.put("unknown", "mine");

        Map<String, Object> resolved = ConnectionExpressions.resolveInput(schema(), input, lookup);

        assertEquals(mine(), resolved.get("github"));
        assertNotSame(mine, resolved.get("github"));
        assertEquals("mine: octocat", resolved.get("title"));
        assertEquals(Map.of("inner", mine()), resolved.get("extra"));
        assertEquals(List.of(Map.of("scopes", List.of("chat:write"))), resolved.get("many"));
        assertEquals("mine", resolved.get("unknown"));
        assertEquals(List.of("github github/token@1 mine", "github null mine", "slack slack/bot@2 team"), lookups);
        assertEquals("the input is unchanged", "mine", input.get("github"));
    }

    @Test
    public void storedObjectsAreDataNotTemplates() {
        Map<String, Object> input = Map.of("many", List.of("raw"));

        Map<String, Object> resolved = ConnectionExpressions.resolveInput(schema(), input, lookup);

        assertEquals(Map.of("many", List.of(Map.of("password", "p${connections.x}"))), resolved);
        assertEquals(Map.of("password", "p${connections.x}"),
                ConnectionExpressions.resolve("${connections.slack.raw}", lookup));
        assertEquals("p${connections.x}", ConnectionExpressions.resolve("${connections.slack.raw.password}", lookup));
        assertEquals("[p${connections.x}]", ConnectionExpressions.resolve("[${connections.slack.raw.password}]",
                lookup));
    }

    @Test
    public void resolveInputLeavesExpressionsToResolve() {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("github", "${connections.github.mine.token}");
        input.put("title", 5);

        Map<String, Object> resolved = ConnectionExpressions.resolveInput(schema(), input, lookup);

        assertEquals(Map.of("github", "ghp_abc", "title", 5), resolved);
        assertEquals(List.of("github null mine"), lookups);
    }

    @Test
    public void resolveInputReportsUnknownConnections() {
        try {
            ConnectionExpressions.resolveInput(schema(), Map.of("github", "theirs"), lookup);
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("no connection 'theirs' of github/token@1", e.getMessage());
        }
    }

    @Test
    public void resolveInputRefusesABadTypeInTheSchema() {
        Map<String, Object> schema = Map.of("properties", Map.of("repo",
                Map.of("x-relay-connectionType", "github/token")));
        try {
            ConnectionExpressions.resolveInput(schema, Map.of("repo", "mine"), lookup);
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("schema of property 'repo': x-relay-connectionType 'github/token' is not a connection type: "
                    + "expected <provider>/<name>@<version>, e.g. github/token@1", e.getMessage());
        }
        assertEquals(List.of(), lookups);
    }

    @Test
    public void resolveInputWithoutSchemaOnlyResolves() {
        assertEquals(Map.of("a", "ghp_abc", "b", "mine"), ConnectionExpressions.resolveInput(null,
                Map.of("a", "${connections.github.mine.token}", "b", "mine"), lookup));
        assertEquals(Map.of(), ConnectionExpressions.resolveInput(schema(), null, lookup));
        assertEquals(Arrays.asList("github null mine"), lookups);
    }
}
