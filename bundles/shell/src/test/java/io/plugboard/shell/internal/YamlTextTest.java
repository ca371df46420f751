package io.plugboard.shell.internal;

import static org.junit.Assert.assertEquals;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.plugboard.api.resource.Kind;
import io.plugboard.api.resource.Resource;
import io.plugboard.api.resource.ResourceRef;
import io.plugboard.api.resource.Scope;
import org.junit.Test;

public class YamlTextTest {

    @Test
    public void nestedMapsAndListsAreIndentedLikeYaml() {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("type", "semaphore");
        spec.put("url", "https://example.semaphoreci.com");
        spec.put("auth", Map.of("use", "AUTH_TYPE_TOKEN"));
        spec.put("events", List.of("push", "pull_request"));
        spec.put("filters", List.of(ordered("name", "branch", "value", "main"), Map.of("name", "tag")));
        spec.put("matrix", List.of(List.of(1, 2), List.of()));
        spec.put("empty", Map.of());
        spec.put("none", List.of());
        spec.put("retries", 3);
        spec.put("enabled", true);
        spec.put("missing", null);

        assertEquals(String.join("\n",
                "type: semaphore",
                "url: https://example.semaphoreci.com",
                "auth:",
                "  use: AUTH_TYPE_TOKEN",
                "events:",
                "  - push",
                "  - pull_request",
                "filters:",
                "  - name: branch",
                "    value: main",
                "  - name: tag",
                "matrix:",
                "  -",
                "    - 1",
                "    - 2",
                "  - []",
                "empty: {}",
                "none: []",
                "retries: 3",
                "enabled: true",
                "missing: null",
                ""), YamlText.of(spec));
    }

    @Test
    public void stringsThatWouldReadAsSomethingElseAreQuoted() {
        assertEquals("\"\"", YamlText.scalar(""));
        assertEquals("\"true\"", YamlText.scalar("true"));
        assertEquals("\"No\"", YamlText.scalar("No"));
        assertEquals("\"null\"", YamlText.scalar("null"));
        assertEquals("\"42\"", YamlText.scalar("42"));
        assertEquals("\"1.5\"", YamlText.scalar("1.5"));
        assertEquals("\"2024-05-01T10:00:00Z\"", YamlText.scalar("2024-05-01T10:00:00Z"));
        assertEquals("\"a: b\"", YamlText.scalar("a: b"));
        assertEquals("\"x #y\"", YamlText.scalar("x #y"));
        assertEquals("\"*star\"", YamlText.scalar("*star"));
        assertEquals("\"\\\"quoted\\\"\"", YamlText.scalar("\"quoted\""));
        assertEquals("\" padded\"", YamlText.scalar(" padded"));
        assertEquals("\"say \\\"hi\\\"\\t\\\\\"", YamlText.scalar("say \"hi\"\t\\"));
        assertEquals("plain text", YamlText.scalar("plain text"));
        assertEquals("v1", YamlText.scalar("v1"));
        assertEquals("default/canvas-1", YamlText.scalar("default/canvas-1"));
        assertEquals("https://x.example/a?b=c", YamlText.scalar("https://x.example/a?b=c"));
        assertEquals("42", YamlText.scalar(42L));
        assertEquals("\"a\\r\\nb\"", YamlText.scalar("a\r\nb"));
        assertEquals("{}\n", YamlText.of(Map.of()));
        assertEquals("\"key: x\": \"yes\"\n", YamlText.of(Map.of("key: x", "yes")));
    }

    @Test
    public void multiLineTextBecomesALiteralBlock() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("script", "echo one\n  echo two\n");
        doc.put("note", "first\n\nthird");
        doc.put("items", List.of("a\nb"));
        assertEquals(String.join("\n",
                "script: |",
                "  echo one",
                "    echo two",
                "note: |-",
                "  first",
                "",
                "  third",
                "items:",
                "  - |-",
                "    a",
                "    b",
                ""), YamlText.of(doc));
    }

    @Test
    public void aResourceReadsLikeItsApplyDocument() {
        Resource r = new Resource(new ResourceRef(Kind.EVENT_SOURCE, Scope.of("default", "canvas-1"), "my-project"),
                "u-1", 2, Instant.parse("2024-05-01T10:00:00Z"), Instant.parse("2024-05-02T11:00:00Z"),
                Map.of("integration", ordered("domain", "ORGANIZATION", "name", "semaphore")),
                Map.of("phase", "READY"));
        assertEquals(String.join("\n",
                "apiVersion: v1",
                "kind: EventSource",
                "metadata:",
                "  name: my-project",
                "  organization: default",
                "  canvasId: canvas-1",
                "  uid: u-1",
                "  generation: 2",
                "  createdAt: \"2024-05-01T10:00:00Z\"",
                "  updatedAt: \"2024-05-02T11:00:00Z\"",
                "spec:",
                "  integration:",
                "    domain: ORGANIZATION",
                "    name: semaphore",
                "status:",
                "  phase: READY",
                ""), YamlText.of(r.toDocument()));
    }

    static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
