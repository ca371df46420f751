package io.plugboard.core.internal.execution;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.plugboard.core.internal.execution.EventExpressions.EventValues;
import org.junit.Test;

public class EventExpressionsTest {

    private final Map<String, Object> body = body();
    private final EventValues event = new EventValues("ev-1", "push", "github", body);

    private static Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ref", "refs/heads/main");
        body.put("size", 3);
        body.put("forced", false);
        Map<String, Object> repository = new LinkedHashMap<>();
        repository.put("full_name", "octo/hello");
        repository.put("owner", new LinkedHashMap<>(Map.of("login", "octocat")));
        body.put("repository", repository);
        List<Object> items = new ArrayList<>();
        items.add(new LinkedHashMap<>(Map.of("name", "first")));
        items.add(new LinkedHashMap<>(Map.of("name", "second", "tags", List.of("a", "b"))));
        body.put("items", items);
        body.put("nothing", null);
        body.put("price", "$5 \\ each");
        return body;
    }

    @Test
    public void aBodyPathNamesTheValue() {
        assertEquals("refs/heads/main", EventExpressions.resolve("${event.body.ref}", event));
        assertEquals("octo/hello", EventExpressions.resolve("${event.body.repository.full_name}", event));
        assertEquals("octocat", EventExpressions.resolve("${event.body.repository.owner.login}", event));
    }

    @Test
    public void aNumberStepsIntoAList() {
        assertEquals("first", EventExpressions.resolve("${event.body.items.0.name}", event));
        assertEquals("second", EventExpressions.resolve("${event.body.items.1.name}", event));
        assertEquals("b", EventExpressions.resolve("${event.body.items.1.tags.1}", event));
    }

    @Test
    public void theEventsOwnFields() {
        assertEquals("ev-1", EventExpressions.resolve("${event.id}", event));
        assertEquals("push", EventExpressions.resolve("${event.type}", event));
        assertEquals("github", EventExpressions.resolve("${event.provider}", event));
    }

    @Test
    public void aWholeValueExpressionKeepsItsJsonType() {
        assertEquals(3, EventExpressions.resolve("${event.body.size}", event));
        assertEquals(false, EventExpressions.resolve("${event.body.forced}", event));
        assertSame(body.get("repository"), EventExpressions.resolve("${event.body.repository}", event));
        assertSame(body.get("items"), EventExpressions.resolve("${event.body.items}", event));
        assertSame(body, EventExpressions.resolve("${event.body}", event));
    }

    @Test
    public void insideALongerStringAnExpressionIsItsValuesText() {
        assertEquals("build refs/heads/main of octo/hello",
                EventExpressions.resolve("build ${event.body.ref} of ${event.body.repository.full_name}", event));
        assertEquals("3 commits, forced: false", EventExpressions.resolve("${event.body.size} commits, forced: ${event.body.forced}", event));
        assertEquals("github/push/ev-1", EventExpressions.resolve("${event.provider}/${event.type}/${event.id}", event));
        // the value is inserted as it is, not read as a replacement pattern
        assertEquals("costs $5 \\ each", EventExpressions.resolve("costs ${event.body.price}", event));
    }

    @Test
    public void insideALongerStringAnObjectOrAListIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EventExpressions.resolve("repo: ${event.body.repository}", event));
        assertEquals("${event.body.repository} is an object or a list; inside a longer string an expression must name "
                + "a single value", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> EventExpressions.resolve("x${event.body.items}", event));
        assertEquals("${event.body.items} is an object or a list; inside a longer string an expression must name "
                + "a single value", e.getMessage());
    }

    @Test
    public void aMissingPathIsAnErrorThatSaysWhichStepIsMissing() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EventExpressions.resolve("${event.body.repository.nope.deeper}", event));
        assertEquals("${event.body.repository.nope.deeper}: the event's body has no 'repository.nope'", e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> EventExpressions.resolve("${event.body.missing}", event));
        assertEquals("${event.body.missing}: the event's body has no 'missing'", e.getMessage());

        // also inside a longer string
        e = assertThrows(IllegalArgumentException.class,
                () -> EventExpressions.resolve("ref ${event.body.missing} here", event));
        assertEquals("${event.body.missing}: the event's body has no 'missing'", e.getMessage());

        // stepping into a scalar
        e = assertThrows(IllegalArgumentException.class, () -> EventExpressions.resolve("${event.body.ref.x}", event));
        assertEquals("${event.body.ref.x}: the event's body has no 'ref.x'", e.getMessage());
    }

    @Test
    public void aListIndexMustBeANumberInRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EventExpressions.resolve("${event.body.items.2.name}", event));
        assertEquals("${event.body.items.2.name}: the event's body has no 'items.2'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> EventExpressions.resolve("${event.body.items.first}", event));
        assertEquals("${event.body.items.first}: the event's body has no 'items.first'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> EventExpressions.resolve("${event.body.items.-1}", event));
        assertEquals("${event.body.items.-1}: the event's body has no 'items.-1'", e.getMessage());
    }

    @Test
    public void aNullValueIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EventExpressions.resolve("${event.body.nothing}", event));
        assertEquals("${event.body.nothing} is null in the event's body", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> EventExpressions.resolve("${event.body}", new EventValues("ev-2", "ping", "github", null)));
        assertEquals("${event.body} is null in the event's body", e.getMessage());
    }

    @Test
    public void onlyIdTypeProviderAndBodyAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EventExpressions.resolve("${event.headers.x}", event));
        assertEquals("${event.headers.x}: an event has id, type, provider and body", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> EventExpressions.resolve("${event.id.value}", event));
        assertEquals("${event.id.value}: id has no fields", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> EventExpressions.resolve("x ${event.type.name}", event));
        assertEquals("${event.type.name}: type has no fields", e.getMessage());
    }

    @Test
    public void nestedMapsAndListsOfTheTemplateAreResolvedIntoACopy() {
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("sha", "${event.body.items.0.name}");
        inputs.put("count", "${event.body.size}");
        Map<String, Object> template = new LinkedHashMap<>();
        template.put("repository", "${event.body.repository.full_name}");
        template.put("ref", "${event.body.ref}");
        template.put("inputs", inputs);
        template.put("labels", new ArrayList<>(Arrays.asList("from ${event.provider}", "${event.body.forced}", 7,
                List.of("${event.type}"))));
        template.put("retries", 2);
        template.put("dry", true);
        template.put("none", null);

        Object resolved = EventExpressions.resolve(template, event);

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("repository", "octo/hello");
        expected.put("ref", "refs/heads/main");
        expected.put("inputs", Map.of("sha", "first", "count", 3));
        expected.put("labels", Arrays.asList("from github", false, 7, List.of("push")));
        expected.put("retries", 2);
        expected.put("dry", true);
        expected.put("none", null);
        assertEquals(expected, resolved);
        assertEquals(List.of("repository", "ref", "inputs", "labels", "retries", "dry", "none"),
                new ArrayList<>(((Map<?, ?>) resolved).keySet()));
        // the template is left as it was
        assertNotSame(template, resolved);
        assertEquals("${event.body.ref}", template.get("ref"));
        assertEquals("${event.body.size}", inputs.get("count"));
    }

    @Test
    public void otherValuesAndExpressionsAreLeftAsTheyAre() {
        assertEquals("plain text", EventExpressions.resolve("plain text", event));
        assertEquals("${connections.github.mine.token}",
                EventExpressions.resolve("${connections.github.mine.token}", event));
        assertEquals("${connections.github.mine.token} on refs/heads/main",
                EventExpressions.resolve("${connections.github.mine.token} on ${event.body.ref}", event));
        assertEquals(42, EventExpressions.resolve(42, event));
        assertEquals(true, EventExpressions.resolve(true, event));
        assertNull(EventExpressions.resolve(null, event));
    }

    @Test
    public void aMalformedExpressionIsAnErrorNotText() {
        for (String bad : List.of("${event.body.a b}", "deploy ${event.body.ref", "${event.}", "x ${event.body.ref} ${event.body.$x}")) {
            IllegalArgumentException e = assertThrows(bad, IllegalArgumentException.class,
                    () -> EventExpressions.resolve(bad, event));
            assertTrue(e.getMessage(), e.getMessage().contains("is not an expression"));
        }
        // a value the event carries may contain "${event." itself: it is data, not an expression
        Map<String, Object> tricky = new LinkedHashMap<>(Map.of("note", "${event.body.a b}"));
        assertEquals("${event.body.a b}", EventExpressions.resolve("${event.body.note}",
                new EventValues("ev-3", "push", "github", tricky)));
    }
}
