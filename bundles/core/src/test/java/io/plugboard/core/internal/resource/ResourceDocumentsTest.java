package io.plugboard.core.internal.resource;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.Map;

import io.plugboard.api.resource.InvalidResourceException;
import org.junit.Test;

public class ResourceDocumentsTest {

    @Test
    public void anAliasIsRefusedNamingWhereItIsRatherThanStoredAsTheAnchorsName() {
        String yaml = "kind: Secret\nmetadata: {name: a}\nspec: {data: {k: v}}\n---\n"
                + "kind: Integration\nmetadata:\n  name: &n gh\nspec:\n  repository: *n\n";
        InvalidResourceException e = refused(yaml);
        assertEquals(e.errors().toString(), 1, e.errors().get(0).document());
        String message = e.errors().get(0).message();
        assertTrue(message, message.contains("*n at line 9"));
        assertTrue(message, message.contains("not supported"));
        InvalidResourceException alias = refused("kind: Integration\nmetadata: {name: gh}\nspec: {repository: *n}\n");
        assertTrue(alias.errors().get(0).message(), alias.errors().get(0).message().contains("*n at line 3"));
        InvalidResourceException merge = refused("base: &b {a: 1}\nkind: Integration\nspec:\n  <<: *b\n");
        assertTrue(merge.errors().get(0).message(), merge.errors().get(0).message().contains("*b at line 4"));
    }

    @Test
    public void plainYamlAndJsonStillRead() {
        List<Map<String, Object>> docs = ResourceDocuments.parse("kind: Integration\nmetadata: {name: gh}\n"
                + "spec: {text: 'a & b *c'}\n---\nkind: Secret\n");
        assertEquals(2, docs.size());
        assertEquals(Map.of("text", "a & b *c"), docs.get(0).get("spec"));
        assertEquals(1, ResourceDocuments.parse("{\"kind\": \"Secret\"}").size());
    }

    private static InvalidResourceException refused(String text) {
        try {
            ResourceDocuments.parse(text);
        } catch (InvalidResourceException e) {
            return e;
        }
        fail("expected a refusal");
        return null;
    }
}
