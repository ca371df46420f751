package io.plugboard.shell.internal;

import io.plugboard.api.resource.Kind;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Completes the names of the existing secrets. */
@Service
public class SecretNameCompleter extends ResourceNameCompleter {

    @Override
    Kind kind() {
        return Kind.SECRET;
    }
}
