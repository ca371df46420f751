package io.plugboard.api.provider;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A named operation a provider performs through an integration's credentials (run a workflow, post a
 * message). Registered with the service property {@code plugboard.provider=<id>}; one service per action.
 */
@ConsumerType
public interface Action {

    /** Name unique within the provider, {@code [a-z0-9-]+}, e.g. {@code run-workflow}. */
    String name();

    /** One line for listings. */
    default String description() {
        return "";
    }

    /**
     * Runs the action.
     *
     * @param context the integration it runs through
     * @param input   the caller's parameters
     * @return the action's output, JSON-like (maps, lists, strings, numbers, booleans)
     * @throws ActionException when the action failed; its message is shown to the caller
     */
    Map<String, Object> execute(IntegrationContext context, Map<String, Object> input) throws ActionException;
}
