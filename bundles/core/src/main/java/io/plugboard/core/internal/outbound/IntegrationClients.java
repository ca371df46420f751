package io.plugboard.core.internal.outbound;

import io.plugboard.api.outbound.ApiClient;

/** Core-internal: an API client for an integration as given — also one just deleted, whose hooks go with it. */
public interface IntegrationClients {

    /**
     * @throws io.plugboard.api.outbound.ApiUnavailableException when its provider is not installed or has no API
     */
    ApiClient client(IntegrationCredentials.Access access);
}
