package io.plugboard.core.internal.outbound;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import io.plugboard.api.cluster.SharedValues;
import io.plugboard.api.connection.AccessTokens;
import io.plugboard.api.outbound.ApiClient;
import io.plugboard.api.outbound.ApiEndpoint;
import io.plugboard.api.outbound.ApiUnavailableException;
import io.plugboard.api.outbound.OutboundRequest;
import io.plugboard.api.outbound.ProviderApi;
import io.plugboard.api.provider.ActionException;
import io.plugboard.api.provider.CredentialIssuer;
import io.plugboard.api.provider.IssuedToken;
import io.plugboard.api.provider.ProviderRegistry;
import io.plugboard.api.provider.RegisteredProvider;
import io.plugboard.api.resource.Resource;
import io.plugboard.api.resource.ResourceNotFoundException;
import io.plugboard.api.resource.ResourceRef;
import io.plugboard.core.internal.oidc.IdTokenMinter;
import io.plugboard.core.internal.storage.Transactions;
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
    private final IssuedTokens issuedTokens;
    /** Signs the ID tokens of {@code AUTH_TYPE_OIDC} integrations; {@code null} in tests that need none. */
    private IdTokenMinter idTokens;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile AccessTokens accessTokens;

    @Activate
    public ProviderApiImpl(@Reference ProviderRegistry providers, @Reference IntegrationCredentials credentials,
                           @Reference(target = "(dataSourceName=plugboard)") DataSource dataSource,
                           @Reference SharedValues shared, @Reference IdTokenMinter idTokens) {
        this(providers, credentials, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build(), null,
                new IssuedTokens(Clock.systemUTC(), new DatabaseIssuedTokens(new Transactions(dataSource), shared)));
        this.idTokens = idTokens;
    }

    ProviderApiImpl(ProviderRegistry providers, IntegrationCredentials credentials, HttpClient http,
                    AccessTokens accessTokens) {
        this(providers, credentials, http, accessTokens, new IssuedTokens(Clock.systemUTC()));
    }

    ProviderApiImpl(ProviderRegistry providers, IntegrationCredentials credentials, HttpClient http,
                    AccessTokens accessTokens, IssuedTokens issuedTokens, IdTokenMinter idTokens) {
        this(providers, credentials, http, accessTokens, issuedTokens);
        this.idTokens = idTokens;
    }

    ProviderApiImpl(ProviderRegistry providers, IntegrationCredentials credentials, HttpClient http,
                    AccessTokens accessTokens, IssuedTokens issuedTokens) {
        this.issuedTokens = issuedTokens;
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
        if (OIDC.equals(access.issuedAuthType()) && provider.credentialIssuer(OIDC).isEmpty()) {
            return new IntegrationApiClient(http, endpoint, issued(access, null, endpoint), TIMEOUT, integration.toString());
        }
        if (access.issuedAuthType() != null) {
            CredentialIssuer issuer = provider.credentialIssuer(access.issuedAuthType()).orElseThrow(() ->
                    new ApiUnavailableException("The provider '" + access.providerId() + "' no longer issues "
                            + access.issuedAuthType() + " credentials"));
            return new IntegrationApiClient(http, endpoint, issued(access, issuer, endpoint), TIMEOUT,
                    integration.toString());
        }
        return new IntegrationApiClient(http, endpoint, credential(access), TIMEOUT, integration.toString());
    }

    static final String OIDC = io.plugboard.core.internal.resource.ResourceServiceImpl.AUTH_TYPE_OIDC;

    /**
     * Tokens of a provider's {@link CredentialIssuer}, asked for with a client that sends the issuer's own credential;
     * for {@code AUTH_TYPE_OIDC}, with an ID token Plugboard signs for the call - or, when the provider has no issuer
     * ({@code issuer == null}), that ID token is the credential.
     */
    private IntegrationApiClient.Credential issued(IntegrationCredentials.Access access, CredentialIssuer issuer,
                                                   ApiEndpoint endpoint) {
        Resource integration = access.integration();
        String name = integration.ref().toString();
        IssuedTokens.Issue issue = () -> {
            IssuedToken token;
            try {
                if (issuer == null) {
                    return idToken(integration, access.issuerSettings());
                }
                Map<String, Object> settings = access.issuerSettings();
                if (OIDC.equals(access.issuedAuthType())) {
                    settings = new LinkedHashMap<>(settings);
                    settings.put(CredentialIssuer.ID_TOKEN_SETTING, idToken(integration, access.issuerSettings()).token());
                }
                token = issuer.issue(credentials.context(integration), settings,
                        assertion -> new IntegrationApiClient(http, endpoint, fixed(assertion), TIMEOUT, name));
            } catch (ActionException e) {
                if (!e.retryable()) { // a removed installation, a wrong key: the user has to act
                    credentials.credentialState(integration.uid(), integration.generation(), "Unhealthy", e.getMessage());
                }
                throw e;
            }
            credentials.credentialState(integration.uid(), integration.generation(), "Healthy", null);
            return token;
        };
        return new IntegrationApiClient.Credential() {
            @Override
            public String token() {
                return issuedTokens.token(integration.uid(), integration.generation(), issue);
            }

            @Override
            public String refreshed(String rejected) {
                return issuedTokens.refreshed(integration.uid(), integration.generation(), rejected, issue);
            }

            @Override
            public Map<String, String> sign(String token, OutboundRequest request) {
                return issuer == null ? null : issuer.sign(token, request);
            }
        };
    }

    private IssuedToken idToken(Resource integration, Map<String, Object> settings) throws ActionException {
        IdTokenMinter minter = idTokens;
        if (minter == null) {
            throw new ActionException("Plugboard signs no ID tokens here (no OpenID Connect issuer)");
        }
        try {
            return minter.mint(integration, settings);
        } catch (IllegalArgumentException e) {
            throw new ActionException(e.getMessage());
        }
    }

    private static IntegrationApiClient.Credential fixed(String value) {
        return new IntegrationApiClient.Credential() {
            @Override
            public String token() {
                return value;
            }

            @Override
            public String refreshed(String rejected) {
                return null;
            }
        };
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
