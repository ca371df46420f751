package io.plugboard.api.provider;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;

public class WebhookAttributesTest {

    @Test
    public void emptyHasNoFields() {
        assertTrue(WebhookAttributes.empty().toMap().isEmpty());
        assertSame(WebhookAttributes.empty(), WebhookAttributes.empty());
    }

    @Test
    public void collectsEachFieldsValuesInOrder() {
        WebhookAttributes attributes = WebhookAttributes.empty()
                .with("event", "push")
                .with("repository", "octo/hello")
                .with("repository", "hello")
                .with("branch", "main");
        assertEquals(List.of("event", "repository", "branch"), List.copyOf(attributes.toMap().keySet()));
        assertEquals(List.of("push"), attributes.toMap().get("event"));
        assertEquals(List.of("octo/hello", "hello"), attributes.toMap().get("repository"));
        assertEquals(List.of("main"), attributes.toMap().get("branch"));
    }

    @Test
    public void fieldsStayInTheOrderOfTheirFirstValue() {
        WebhookAttributes attributes = WebhookAttributes.empty()
                .with("branch", "main").with("event", "push").with("branch", "release");
        assertEquals(List.of("branch", "event"), List.copyOf(attributes.toMap().keySet()));
        assertEquals(List.of("main", "release"), attributes.toMap().get("branch"));
    }

    @Test
    public void nullAndBlankValuesAddNothing() {
        WebhookAttributes attributes = WebhookAttributes.empty()
                .with("channel", null).with("event", "message").with("team", " ").with("team", "").with("team", "\t\n");
        assertEquals(Map.of("event", List.of("message")), attributes.toMap());
        assertSame(attributes, attributes.with("event", null));
        assertSame(attributes, attributes.with("branch", "  "));
    }

    @Test
    public void repeatsAddNothing() {
        // e.g. GitHub's repository full_name and name of a user-less repository, or a branch found in two places
        WebhookAttributes attributes = WebhookAttributes.empty().with("branch", "main").with("branch", "main");
        assertEquals(Map.of("branch", List.of("main")), attributes.toMap());
        assertSame(attributes, attributes.with("branch", "main"));
        WebhookAttributes same = WebhookAttributes.empty().with("project", "hello").with("project", "hello");
        assertEquals(List.of("hello"), same.toMap().get("project"));
    }

    @Test
    public void valuesAreTakenAsGiven() {
        WebhookAttributes attributes = WebhookAttributes.empty()
                .with("branch", "Main").with("branch", "main").with("branch", " main ");
        assertEquals(List.of("Main", "main", " main "), attributes.toMap().get("branch"));
    }

    @Test
    public void withNeverChangesTheInstanceItIsCalledOn() {
        WebhookAttributes event = WebhookAttributes.empty().with("event", "push");
        WebhookAttributes withBranch = event.with("branch", "main");
        WebhookAttributes withOtherBranch = event.with("branch", "dev");
        assertTrue(WebhookAttributes.empty().toMap().isEmpty());
        assertEquals(Map.of("event", List.of("push")), event.toMap());
        assertEquals(Map.of("event", List.of("push"), "branch", List.of("main")), withBranch.toMap());
        assertEquals(Map.of("event", List.of("push"), "branch", List.of("dev")), withOtherBranch.toMap());
        assertEquals(List.of("main", "feature"), withBranch.with("branch", "feature").toMap().get("branch"));
        assertEquals(List.of("main"), withBranch.toMap().get("branch"));
    }

    @Test
    public void theMapIsUnmodifiable() {
        Map<String, List<String>> map = WebhookAttributes.empty().with("event", "push").toMap();
        assertThrows(UnsupportedOperationException.class, () -> map.put("branch", List.of("main")));
        assertThrows(UnsupportedOperationException.class, () -> map.get("event").add("pull_request"));
        assertThrows(UnsupportedOperationException.class, () -> map.remove("event"));
        assertThrows(UnsupportedOperationException.class, () -> WebhookAttributes.empty().toMap().put("a", List.of("b")));
    }

    @Test
    public void fieldNamesAreRequired() {
        assertThrows(IllegalArgumentException.class, () -> WebhookAttributes.empty().with(null, "push"));
        assertThrows(IllegalArgumentException.class, () -> WebhookAttributes.empty().with(" ", "push"));
        assertThrows(IllegalArgumentException.class, () -> WebhookAttributes.empty().with("", null));
    }

    @Test
    public void isWhatAnAcceptedVerificationCarries() {
        WebhookAttributes attributes = WebhookAttributes.empty()
                .with("channel", "C024BE91L").with("event", "message").with("team", "T061EG9R6");
        WebhookVerification v = WebhookVerification.accepted("Ev0PV52K21", "message", attributes.toMap());
        assertEquals(attributes.toMap(), v.attributes());
        assertEquals(List.of("channel", "event", "team"), List.copyOf(v.attributes().keySet()));
    }

    @Test
    public void equalityFollowsTheValues() {
        WebhookAttributes a = WebhookAttributes.empty().with("event", "push").with("branch", "main");
        WebhookAttributes b = WebhookAttributes.empty().with("event", "push").with("branch", "main").with("branch", "main");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, a.with("branch", "dev"));
        assertNotEquals(WebhookAttributes.empty().with("b", "1").with("b", "2"), WebhookAttributes.empty().with("b", "2").with("b", "1"));
        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put("event", List.of("push"));
        expected.put("branch", List.of("main"));
        assertEquals(expected.toString(), a.toString());
    }
}
