package io.plugboard.rest.internal;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.jaxrs.json.JacksonJsonProvider;
import io.plugboard.api.cluster.Cluster;
import io.plugboard.api.oidc.CallerTokens;
import io.plugboard.api.oidc.OidcIssuer;
import io.plugboard.api.connection.AccessTokens;
import io.plugboard.api.connection.ConnectionService;
import io.plugboard.api.connection.ConnectionTypeRegistry;
import io.plugboard.api.connection.ExpressionResolver;
import io.plugboard.api.connection.OAuthFlows;
import io.plugboard.api.event.EventService;
import io.plugboard.api.execution.ExecutionService;
import io.plugboard.api.event.WebhookCounters;
import io.plugboard.api.provider.ProviderRegistry;
import io.plugboard.api.resource.EncryptionKeys;
import io.plugboard.api.outbound.ProviderApi;
import io.plugboard.api.resource.ResourceService;
import io.plugboard.api.server.AdminAuthenticator;
import io.plugboard.api.system.SystemStatus;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxrs.JAXRSServerFactoryBean;
import org.apache.cxf.transport.http.HTTPTransportFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the management API at {@code /api/v1} on the CXF servlet (mounted at {@code /} by
 * {@code etc/org.apache.cxf.osgi.cfg}). The database status is optional so that health can say DOWN when
 * the database is not there, instead of the whole API vanishing.
 */
@Component(immediate = true)
public class RestApiComponent {

    public static final String ADDRESS = "/api/v1";
    private static final Logger LOG = LoggerFactory.getLogger(RestApiComponent.class);

    private final Server api;
    private final Server root;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile SystemStatus systemStatus;

    private static final String UNAVAILABLE = "The resource store is not available right now (is the database up? "
            + "see GET /api/v1/health).";
    private final WaitingServiceProxy<ResourceService> resourceService =
            new WaitingServiceProxy<>(ResourceService.class, Duration.ofSeconds(10), UNAVAILABLE);
    private final WaitingServiceProxy<EncryptionKeys> encryptionKeys =
            new WaitingServiceProxy<>(EncryptionKeys.class, Duration.ofSeconds(10), UNAVAILABLE);
    private final WaitingServiceProxy<EventService> eventService = new WaitingServiceProxy<>(EventService.class, Duration.ofSeconds(10),
            "The event log is not available right now (is the database up? see GET /api/v1/health).");

    private final WaitingServiceProxy<WebhookCounters> webhookCounters = new WaitingServiceProxy<>(WebhookCounters.class, Duration.ofSeconds(2),
            "Webhook counters are not available right now (bundle io.plugboard.webhooks is not active).");

    private static final String NO_CONNECTIONS = "Connections are not available right now (is the database up? "
            + "see GET /api/v1/health).";
    private final WaitingServiceProxy<ConnectionService> connectionService =
            new WaitingServiceProxy<>(ConnectionService.class, Duration.ofSeconds(10), NO_CONNECTIONS);
    private final WaitingServiceProxy<ExpressionResolver> expressionResolver =
            new WaitingServiceProxy<>(ExpressionResolver.class, Duration.ofSeconds(10), NO_CONNECTIONS);
    private final WaitingServiceProxy<OAuthFlows> oauthFlows = new WaitingServiceProxy<>(OAuthFlows.class, Duration.ofSeconds(10),
            "OAuth connections are not available right now (bundle io.plugboard.oauth is not active).");
    private final WaitingServiceProxy<AccessTokens> accessTokens = new WaitingServiceProxy<>(AccessTokens.class, Duration.ofSeconds(10),
            "OAuth tokens are not available right now (bundle io.plugboard.oauth is not active).");
    private final WaitingServiceProxy<ProviderApi> providerApi = new WaitingServiceProxy<>(ProviderApi.class, Duration.ofSeconds(10),
            "Provider APIs are not available right now (is the database up? see GET /api/v1/health).");
    private final WaitingServiceProxy<ExecutionService> executionService = new WaitingServiceProxy<>(ExecutionService.class,
            Duration.ofSeconds(10), "Executions are not available right now (is the database up? see GET /api/v1/health).");
    private final WaitingServiceProxy<Cluster> cluster = new WaitingServiceProxy<>(Cluster.class, Duration.ofSeconds(10),
            "The cluster is not available right now (is the database up? see GET /api/v1/health).");
    private final WaitingServiceProxy<OidcIssuer> oidcIssuer = new WaitingServiceProxy<>(OidcIssuer.class, Duration.ofSeconds(10),
            "The OpenID Connect issuer is not available right now (is the database up? see GET /api/v1/health).");
    private final WaitingServiceProxy<CallerTokens> callerTokens = new WaitingServiceProxy<>(CallerTokens.class,
            Duration.ofSeconds(10), "ID tokens cannot be checked right now (is the database up? see GET /api/v1/health).");
    private final WaitingServiceProxy<ConnectionTypeRegistry> connectionTypes = new WaitingServiceProxy<>(ConnectionTypeRegistry.class,
            Duration.ofSeconds(10), "Connection types are not available right now (bundle io.plugboard.extender is not active).");

    /**
     * {@code httpTransport} is not used directly: CXF's HTTP transport registers it when it is ready, and publishing an
     * endpoint before that fails ("No DestinationFactory was found for the namespace .../transports/http") - which
     * happens on a warm restart, when every bundle starts at once.
     *
     * <p>Resources, keys and events are optional: they follow the database (core re-registers them when the DataSource changes);
     * their endpoints wait out a short gap and answer 503 after that, rather than taking health and providers down.
     */
    @Activate
    public RestApiComponent(@Reference ProviderRegistry registry, @Reference AdminAuthenticator authenticator,
                            @Reference HTTPTransportFactory httpTransport, org.osgi.framework.BundleContext context) {
        ResourceService resources = resourceService.proxy();
        EncryptionKeys keys = encryptionKeys.proxy();
        EventService events = eventService.proxy();
        api = publish(ADDRESS, List.of(new HealthResource(registry, () -> systemStatus,
                        webhookCounters::bound, () -> providersStarting(context)), new ProvidersResource(registry),
                        new ApplyResource(resources), new ResourcesResource(resources), new KeysResource(keys),
                        new EventsResource(events, resources), new WebhooksResource(webhookCounters.proxy()),
                        new ConnectionTypesResource(connectionTypes.proxy(), connectionService.proxy()),
                        new ConnectionsResource(connectionService.proxy(), oauthFlows.proxy(), accessTokens.proxy()), new ExpressionsResource(expressionResolver.proxy()),
                        new IntegrationProxyResource(providerApi.proxy()), new ExecutionsResource(executionService.proxy(), callerTokens.proxy(), resources, authenticator),
                        new ClusterResource(cluster.proxy()), new OidcKeysResource(oidcIssuer.proxy()),
                        new IntegrationOidcTokenResource(oidcIssuer.proxy()),
                        new IntegrationEventsResource(events, resources, callerTokens.proxy(), authenticator), new OpenApiResource()),
                new AdminAuthFilter(authenticator), new ResourceExceptionMapper());
        root = publish("/", List.of(new RootResource()));
        LOG.info("Management API published at {}", ADDRESS);
    }

    private static Server publish(String address, List<Object> resources, Object... extraProviders) {
        JAXRSServerFactoryBean factory = new JAXRSServerFactoryBean();
        factory.setAddress(address);
        factory.setServiceBeans(resources);
        List<Object> providers = new java.util.ArrayList<>(List.of(
                new JacksonJsonProvider(objectMapper()),
                new WebApplicationExceptionMapper(),
                new JsonBodyExceptionMapper(),
                new UnexpectedExceptionMapper()));
        providers.addAll(List.of(extraProviders));
        factory.setProviders(providers);
        return factory.create();
    }

    /** Provider bundles (a provider.yaml, or a Provider service) being activated right now. */
    static int providersStarting(org.osgi.framework.BundleContext context) {
        int starting = 0;
        try {
            for (org.osgi.framework.Bundle b : context.getBundles()) {
                if (b.getState() != org.osgi.framework.Bundle.STARTING) {
                    continue;
                }
                String capabilities = b.getHeaders().get("Provide-Capability");
                if (b.getEntry("provider.yaml") != null || (capabilities != null
                        && capabilities.contains("io.plugboard.api.provider.Provider\""))) {
                    starting++;
                }
            }
        } catch (IllegalStateException stopped) {
            return 0;
        }
        return starting;
    }

    static ObjectMapper objectMapper() {
        // no request text in parser messages' locations: they would echo the body, secrets and all
        return com.fasterxml.jackson.databind.json.JsonMapper.builder()
                .disable(com.fasterxml.jackson.core.StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .enable(SerializationFeature.INDENT_OUTPUT).build();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindOidcIssuer(OidcIssuer service) {
        oidcIssuer.bind(service);
    }

    void unbindOidcIssuer(OidcIssuer service) {
        oidcIssuer.unbind(service);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindCallerTokens(CallerTokens service) {
        callerTokens.bind(service);
    }

    void unbindCallerTokens(CallerTokens service) {
        callerTokens.unbind(service);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindAccessTokens(AccessTokens service) {
        accessTokens.bind(service);
    }

    void unbindAccessTokens(AccessTokens service) {
        accessTokens.unbind(service);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindCluster(Cluster service) {
        cluster.bind(service);
    }

    void unbindCluster(Cluster service) {
        cluster.unbind(service);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindExecutionService(ExecutionService service) {
        executionService.bind(service);
    }

    void unbindExecutionService(ExecutionService service) {
        executionService.unbind(service);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindProviderApi(ProviderApi service) {
        providerApi.bind(service);
    }

    void unbindProviderApi(ProviderApi service) {
        providerApi.unbind(service);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindResourceService(ResourceService service) {
        resourceService.bind(service);
    }

    void unbindResourceService(ResourceService service) {
        resourceService.unbind(service);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindEncryptionKeys(EncryptionKeys keys) {
        encryptionKeys.bind(keys);
    }

    void unbindEncryptionKeys(EncryptionKeys keys) {
        encryptionKeys.unbind(keys);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindEventService(EventService service) {
        eventService.bind(service);
    }

    void unbindEventService(EventService service) {
        eventService.unbind(service);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindWebhookCounters(WebhookCounters counters) {
        webhookCounters.bind(counters);
    }

    void unbindWebhookCounters(WebhookCounters counters) {
        webhookCounters.unbind(counters);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindConnectionService(ConnectionService service) {
        connectionService.bind(service);
    }

    void unbindConnectionService(ConnectionService service) {
        connectionService.unbind(service);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindExpressionResolver(ExpressionResolver resolver) {
        expressionResolver.bind(resolver);
    }

    void unbindExpressionResolver(ExpressionResolver resolver) {
        expressionResolver.unbind(resolver);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindConnectionTypeRegistry(ConnectionTypeRegistry registry) {
        connectionTypes.bind(registry);
    }

    void unbindConnectionTypeRegistry(ConnectionTypeRegistry registry) {
        connectionTypes.unbind(registry);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindOAuthFlows(OAuthFlows flows) {
        oauthFlows.bind(flows);
    }

    void unbindOAuthFlows(OAuthFlows flows) {
        oauthFlows.unbind(flows);
    }

    @Deactivate
    void deactivate() {
        api.destroy();
        root.destroy();
    }
}
