package io.plugboard.shell.internal;

import io.plugboard.api.resource.Kind;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Completes the names of the existing integrations. */
@Service
public class IntegrationNameCompleter extends ResourceNameCompleter {

    @Override
    Kind kind() {
        return Kind.INTEGRATION;
    }
}
