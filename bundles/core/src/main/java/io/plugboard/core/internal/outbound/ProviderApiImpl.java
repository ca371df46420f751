package io.plugboard.core.internal.outbound;

import java.net.http.HttpClient;
import java.time.Duration;

import io.plugboard.api.connection.AccessTokens;
import io.plugboard.api.outbound.ApiClient;
import io.plugboard.api.outbound.ApiEndpoint;
import io.plugboard.api.outbound.ApiUnavailableException;
import io.plugboard.api.outbound.ProviderApi;
import io.plugboard.api.provider.ProviderRegistry;
import io.plugboard.api.provider.RegisteredProvider;
import io.plugboard.api.resource.ResourceNotFoundException;
import io.plugboard.api.resource.ResourceRef;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Builds an {@link ApiClient} per call from what is true now: the integration as stored, its provider as installed
 * (so a provider bundle removed takes its API with it), the credential its {@code spec.auth} names. OAuth access tokens
 * come from {@link AccessTokens}, which refreshes them when due.
 */
@Component(service = {ProviderApi.class, IntegrationClients.class})
public class ProviderApiImpl implements ProviderApi, IntegrationClients {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ProviderRegistry providers;
    private final IntegrationCredentials credentials;
    private final HttpClient http;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile AccessTokens accessTokens;

    @Activate
    public ProviderApiImpl(@Reference ProviderRegistry providers, @Reference IntegrationCredentials credentials) {
        this(providers, credentials, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build(), null);
    }

    ProviderApiImpl(ProviderRegistry providers, IntegrationCredentials credentials, HttpClient http,
                    AccessTokens accessTokens) {
        this.providers = providers;
        this.credentials = credentials;
        this.http = http;
        this.accessTokens = accessTokens;
    }

    @Override
    public ApiClient client(ResourceRef integration) {
        return client(credentials.access(integration).orElseThrow(() -> new ResourceNotFoundException(integration)));
    }

    @Override
    public ApiClient client(IntegrationCredentials.Access access) {
        ResourceRef integration = access.integration().ref();
        RegisteredProvider provider = providers.provider(access.providerId()).orElseThrow(() -> new ApiUnavailableException(
                "The provider '" + access.providerId() + "' of " + integration + " is not installed"));
        String url = (String) access.integration().spec().getOrDefault("url", "");
        ApiEndpoint endpoint = provider.descriptor().api(url == null ? "" : url);
        if (endpoint == null) {
            throw new ApiUnavailableException("The provider '" + access.providerId() + "' has no API Plugboard can call");
        }
        return new IntegrationApiClient(http, endpoint, credential(access), TIMEOUT, integration.toString());
    }

    private IntegrationApiClient.Credential credential(IntegrationCredentials.Access access) {
        String connection = access.oauthConnectionUid();
        return new IntegrationApiClient.Credential() {
            @Override
            public String token() {
                AccessTokens tokens = accessTokens;
                return connection != null && tokens != null ? tokens.accessToken(connection) : access.token();
            }

            @Override
            public String refreshed(String rejected) {
                AccessTokens tokens = accessTokens;
                return connection != null && tokens != null ? tokens.refreshedAccessToken(connection, rejected) : null;
            }
        };
    }
}
