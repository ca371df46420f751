package io.plugboard.api.provider;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Creates and deletes the provider-side webhook (or notification) when an integration is created or
 * deleted — e.g. for a GitHub integration, the repository webhook pointing at Plugboard. Registered with
 * the service property {@code plugboard.provider=<id>}.
 */
@ConsumerType
public interface Provisioner {

    /**
     * Creates the provider-side resources.
     *
     * @param webhookSecret the secret the third party must sign deliveries with
     * @return state Plugboard stores with the integration and hands back to {@link #deprovision}
     */
    Map<String, String> provision(IntegrationContext context, byte[] webhookSecret) throws ActionException;

    /** Deletes what {@link #provision} created; must succeed when it is already gone. */
    void deprovision(IntegrationContext context, Map<String, String> state) throws ActionException;
}
