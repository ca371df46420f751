package io.plugboard.core.internal.execution;

import static org.junit.Assert.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Test;

/** What every view of an execution shows of its input: secrets by schema or by name masked, expressions as written. */
public class ExecutionInputMaskTest {

    private static final String MASK = ExecutionServiceImpl.MASK;

    @Test
    public void fieldsTheSchemaMarksSecretAreMasked() {
        assertEquals(Map.of("channel", "C1", "webhook", MASK),
                ExecutionServiceImpl.mask(Map.of("channel", "C1", "webhook", "https://hooks.example/x"), Set.of("webhook")));
    }

    @Test
    public void fieldsNamedLikeASecretAreMaskedAtAnyDepth() {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("ref", "main");
        input.put("apiToken", "t0k3n");
        input.put("inputs", Map.of("DB_PASSWORD", "hunter2", "clientSecret", "s", "signingKey", "k", "keyboard", "qwerty"));
        Map<String, Object> masked = ExecutionServiceImpl.mask(input, Set.of());
        assertEquals("main", masked.get("ref"));
        assertEquals(MASK, masked.get("apiToken"));
        assertEquals(Map.of("DB_PASSWORD", MASK, "clientSecret", MASK, "signingKey", MASK, "keyboard", "qwerty"),
                masked.get("inputs"));
    }

    @Test
    public void anExpressionIsShownAsWrittenSinceItHoldsNoSecret() {
        assertEquals(Map.of("token", "${connections.pagerduty.oncall.token}"), ExecutionServiceImpl.mask(
                Map.of("token", "${connections.pagerduty.oncall.token}"), Set.of("token")));
    }

    @Test
    public void otherValuesAndTheOrderStay() {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("b", 1);
        input.put("a", List.of("x"));
        input.put("token", 42);
        assertEquals(List.of("b", "a", "token"), List.copyOf(ExecutionServiceImpl.mask(input, Set.of()).keySet()));
        assertEquals(input, ExecutionServiceImpl.mask(input, Set.of()));
    }
}
