package io.plugboard.api.execution;

/** {@code PENDING → RUNNING → PASSED | FAILED | ERROR | CANCELLED}. */
public enum ExecutionState {
    /** Stored, not started at the provider yet (or waiting to try again: the provider surely did not get it). */
    PENDING,
    /** Started at the provider; its outcome comes from the provider's completion webhook or a poll. */
    RUNNING,
    /** The provider ran it and it succeeded. */
    PASSED,
    /** The provider ran it and it failed. */
    FAILED,
    /** It could not be run or followed: the provider refused, could not be reached, or never told. */
    ERROR,
    /** Stopped before it finished. */
    CANCELLED;

    public boolean finished() {
        return this != PENDING && this != RUNNING;
    }
}
