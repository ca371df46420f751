package io.plugboard.api.execution;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.plugboard.api.resource.Scope;
import org.osgi.annotation.versioning.ProviderType;

/** Starts, lists and cancels executions. */
@ProviderType
public interface ExecutionService {

    /** EventAdmin topics: {@code plugboard/executions/<provider>/<state>}, state lower-case. */
    String TOPIC_PREFIX = "plugboard/executions/";

    /**
     * Validates and stores an execution, which then starts on Plugboard's executions thread.
     *
     * @param scope    where the caller works (the integration reference resolves from here)
     * @param executor the executor block: {@code {type: TYPE_<PROVIDER>, integration: {domain, name},
     *                 action: <name> (optional when the provider has one action), <provider id>: {input…}}}
     * @return the stored execution, {@code PENDING}
     * @throws io.plugboard.api.resource.InvalidResourceException   when the block or the input is invalid (each field
     *                                                               named), or a connection it names does not resolve
     * @throws io.plugboard.api.resource.ResourceNotFoundException  when the integration does not exist
     * @throws UnknownActionException                               when its provider is not installed or has no such
     *                                                               action
     */
    Execution start(Scope scope, Map<String, Object> executor);

    Optional<Execution> get(String id);

    List<Execution> list(ExecutionQuery query);

    /**
     * Asks the provider to stop a running execution (a pending one is cancelled at once).
     *
     * @throws ExecutionNotFoundException when there is no such execution
     * @throws IllegalStateException      when it has finished, its action cannot be cancelled, or the provider refused;
     *                                    the message says which
     */
    Execution cancel(String id);

    /**
     * Records the outcome of a running (or pending) execution as its runner reports it, e.g. a CI job calling
     * {@code POST /api/v1/executions/{id}/complete} with the ID token its platform gave it. The first report wins.
     *
     * @param state   {@code PASSED}, {@code FAILED} or {@code ERROR}
     * @param outputs what the run produced, JSON-like; may be empty
     * @param reason  why it failed, or {@code null}
     * @return the execution as stored after the report
     * @throws ExecutionNotFoundException when there is no such execution
     * @throws IllegalArgumentException   when {@code state} is not a final outcome
     * @throws IllegalStateException      when it has finished already (the message says how)
     * @since 1.1.0
     */
    Execution complete(String id, ExecutionState state, java.util.Map<String, Object> outputs, String reason);
}
