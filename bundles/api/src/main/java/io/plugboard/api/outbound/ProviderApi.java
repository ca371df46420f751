package io.plugboard.api.outbound;

import io.plugboard.api.resource.ResourceRef;
import org.osgi.annotation.versioning.ProviderType;

/** Hands out API clients for integrations. Implemented by Plugboard core. */
@ProviderType
public interface ProviderApi {

    /**
     * A client for the integration's provider API: its base is the integration's {@code spec.url} as the provider
     * reads it, else the provider's default (e.g. {@code https://api.github.com}).
     *
     * @throws io.plugboard.api.resource.ResourceNotFoundException when there is no such integration
     * @throws ApiUnavailableException when its provider is not installed or declares no API
     */
    ApiClient client(ResourceRef integration);
}
