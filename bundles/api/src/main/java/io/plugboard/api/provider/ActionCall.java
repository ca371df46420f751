package io.plugboard.api.provider;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One execution of an {@link Action} as the action sees it.
 *
 * @param integration the integration it runs through
 * @param executionId Plugboard's id of the execution (stable across retries of {@link Action#start})
 * @param input       the validated input, connection references resolved (may hold secrets: never log it)
 * @param createdAt   when the execution was created; runs the provider reports as created before it are not its
 * @since 4.0.0
 */
public record ActionCall(IntegrationContext integration, String executionId, Map<String, Object> input,
                         Instant createdAt) {

    public ActionCall {
        Objects.requireNonNull(integration, "integration");
        Objects.requireNonNull(executionId, "executionId");
        input = input == null ? Map.of() : input;
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** A string input value, {@code null} when absent. */
    public String text(String key) {
        Object value = input.get(key);
        return value == null ? null : value.toString();
    }

    @Override
    public String toString() {
        return "ActionCall[" + integration.integrationName() + ", execution " + executionId + "]";
    }
}
