package io.plugboard.api.provider;

/**
 * The state of a run at the provider, as an {@link Action} reports it.
 *
 * @since 4.0.0
 */
public enum RunState {
    /** Queued or running at the provider. */
    RUNNING,
    /** Finished and succeeded. */
    PASSED,
    /** Finished and failed. */
    FAILED,
    /** Stopped before it finished. */
    CANCELLED;

    public boolean finished() {
        return this != RUNNING;
    }
}
