package io.plugboard.api.provider;

import java.util.Map;
import java.util.Optional;

import io.plugboard.api.outbound.ApiClient;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Keeps the provider-side webhooks (or notifications) of an integration in line with its event sources, e.g. one
 * GitHub repository hook per repository the event sources name. Plugboard decides when: it asks each event source's
 * {@link #hookFor need}, merges the needs per target, {@link #ensure ensures} every hook still needed and
 * {@link #delete deletes} the ones it made that no event source needs any more (all of them when the integration
 * goes). Calls run on Plugboard's provisioning thread, through the integration's {@link ApiClient}. Registered with
 * the service property {@code plugboard.provider=<id>}.
 */
@ConsumerType
public interface Provisioner {

    /**
     * The hook an event source needs.
     *
     * @param integration the integration the event source uses
     * @param filter      the event source's provider block ({@code spec.<provider id>}), empty when it has none
     * @return empty when this event source needs no hook of its own
     * @throws ActionException when the filter cannot be served (e.g. it names no repository); its message says why
     */
    Optional<HookNeed> hookFor(IntegrationContext integration, Map<String, Object> filter) throws ActionException;

    /**
     * Creates the hook, or updates the one on {@link HookSpec#target()} that already delivers to
     * {@link HookSpec#url()} (never a second one).
     *
     * @return the provider's id of the hook
     * @throws ActionException when the provider refused or could not be reached; {@link ActionException#retryable()}
     *                         tells whether trying again later may help
     */
    String ensure(ApiClient api, HookSpec hook) throws ActionException;

    /** Deletes a hook {@link #ensure} made; one that is already gone is not an error. */
    void delete(ApiClient api, String target, String hookId) throws ActionException;
}
