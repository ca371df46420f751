package io.plugboard.rest;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.jaxrs.json.JacksonJsonProvider;
import io.plugboard.api.provider.ProviderRegistry;
import io.plugboard.api.system.AdminAuthenticator;
import io.plugboard.api.system.SystemStatus;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxrs.JAXRSServerFactoryBean;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
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

    @Activate
    public RestApiComponent(@Reference ProviderRegistry registry, @Reference AdminAuthenticator authenticator) {
        api = publish(ADDRESS, List.of(new HealthResource(registry, () -> systemStatus), new ProvidersResource(registry)),
                new AdminAuthFilter(authenticator));
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
                new UnexpectedExceptionMapper()));
        providers.addAll(List.of(extraProviders));
        factory.setProviders(providers);
        return factory.create();
    }

    static ObjectMapper objectMapper() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    @Deactivate
    void deactivate() {
        api.destroy();
        root.destroy();
    }
}
