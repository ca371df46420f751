package io.plugboard.core.internal.event;

import java.util.Optional;

import io.plugboard.api.resource.ResourceRef;

/** Core-internal: the secret forwarded events are signed with. Implemented by the resource service. */
public interface ForwardSecrets {

    /**
     * The secret events forwarded to an event source's {@code spec.forward.url} are signed with (Standard Webhooks):
     * from {@code spec.forward.secret.valueFrom.secret}, else the one generated when forwarding was configured.
     */
    Optional<String> forwardSecret(ResourceRef eventSource);
}
