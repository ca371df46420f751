package io.plugboard.core.internal.execution;

import java.time.Instant;
import java.util.Map;

import io.plugboard.api.execution.Execution;
import io.plugboard.api.execution.ExecutionState;
import io.plugboard.api.resource.Scope;

/** A row of {@code plugboard_execution}: the public view plus what the runner needs. */
record StoredExecution(Execution view, String integrationUid, int attempts, boolean inFlight, Instant nextAt,
                       Instant updatedAt) {

    String id() {
        return view.id();
    }

    ExecutionState state() {
        return view.state();
    }

    Map<String, String> ids() {
        return view.ids();
    }

    Scope scope() {
        return view.scope();
    }
}
