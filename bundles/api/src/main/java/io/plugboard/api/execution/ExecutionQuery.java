package io.plugboard.api.execution;

/**
 * Which executions to list, newest first; {@code null} fields do not filter.
 *
 * @param organization the organization (a canvas's executions are in its organization)
 * @param integration  an integration's name
 * @param state        one state
 * @param limit        at most this many (1…500)
 */
public record ExecutionQuery(String organization, String integration, ExecutionState state, int limit) {

    public ExecutionQuery {
        if (limit < 1 || limit > 500) {
            throw new IllegalArgumentException("limit must be between 1 and 500, not " + limit);
        }
    }
}
