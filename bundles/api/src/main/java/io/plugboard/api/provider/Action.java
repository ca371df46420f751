package io.plugboard.api.provider;

import java.util.List;
import java.util.Map;

import io.plugboard.api.outbound.ApiClient;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A named operation a provider performs through an integration's credentials (run a workflow, post a message), run
 * by Plugboard as a tracked execution. Registered with the service property {@code plugboard.provider=<id>}; one
 * service per action.
 *
 * <p>Plugboard validates the caller's input against {@link #inputSchema()}, resolves connection references in it, and
 * calls {@link #start} once on its executions thread. A run that finishes later is followed by
 * {@link #reports(String, Map) the provider's completion webhooks} and, as a fallback, by {@link #poll polling};
 * both answer {@link RunReport}s, which Plugboard matches to the execution by the provider ids they share.
 *
 * @since 4.0.0
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
     * The JSON Schema (draft 2020-12) of the input, as JSON text. A string property with
     * {@code "x-relay-connectionType": "<provider>/<type>@<version>"} takes a connection's name and is given to
     * {@link #start} as that connection's stored object.
     */
    String inputSchema();

    /**
     * Starts one run. Called once per execution: a request that may have reached the provider must not be repeated
     * here (answer a non-retryable {@link ActionException} instead); one that surely did not (the connection was
     * refused, 429) may be reported as retryable and Plugboard calls again later.
     *
     * @return the run: finished at once ({@code PASSED}, e.g. a posted message) or {@code RUNNING} with the ids the
     *         provider's reports will name
     * @throws ActionException when the provider refused or could not be reached; the message is the execution's reason
     */
    ActionRun start(ApiClient api, ActionCall call) throws ActionException;

    /**
     * Asks the provider how the run is doing, for when its completion webhook does not come.
     *
     * @param ids the provider ids known so far ({@link ActionRun#ids()} and what earlier reports added)
     * @return reports about this run (or, when its id is not known yet, about the runs it may be); empty when the
     *         provider cannot say
     */
    default List<RunReport> poll(ApiClient api, ActionCall call, Map<String, String> ids) throws ActionException {
        return List.of();
    }

    /**
     * What one verified webhook of this action's provider says about runs of this action.
     *
     * @param eventType the event type the provider's verifier gave (e.g. GitHub's {@code workflow_run})
     * @param body      the parsed JSON body
     * @return empty for a webhook about something else
     */
    default List<RunReport> reports(String eventType, Map<String, Object> body) {
        return List.of();
    }

    /** Whether {@link #cancel} can stop a running run. */
    default boolean cancellable() {
        return false;
    }

    /**
     * Asks the provider to stop the run; its final state still comes as a report (a cancelled run).
     *
     * @throws ActionException when the provider refused, or the run cannot be cancelled (yet)
     */
    default void cancel(ApiClient api, ActionCall call, Map<String, String> ids) throws ActionException {
        throw new ActionException(name() + " runs cannot be cancelled");
    }
}
