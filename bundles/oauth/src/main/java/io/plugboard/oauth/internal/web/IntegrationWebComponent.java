package io.plugboard.oauth.internal.web;

import java.util.List;

import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxrs.JAXRSServerFactoryBean;
import org.apache.cxf.transport.http.HTTPTransportFactory;
import io.plugboard.oauth.internal.flow.BrowserFlow;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Publishes {@link IntegrationEndpoints} at {@code /integration} on the CXF servlet (beside the REST API). */
@Component(immediate = true)
public class IntegrationWebComponent {

    public static final String ADDRESS = "/integration";
    private static final Logger LOG = LoggerFactory.getLogger(IntegrationWebComponent.class);

    private final Server server;

    /** {@code httpTransport}: publishing before CXF's HTTP transport is ready fails (see the REST component). */
    @Activate
    public IntegrationWebComponent(@Reference BrowserFlow flows, @Reference HTTPTransportFactory httpTransport) {
        JAXRSServerFactoryBean factory = new JAXRSServerFactoryBean();
        factory.setAddress(ADDRESS);
        factory.setServiceBeans(List.of(new IntegrationEndpoints(flows)));
        factory.setProviders(List.of(new UnexpectedErrorPage()));
        server = factory.create();
        LOG.info("OAuth endpoints published at {}/<provider>/login and /callback", ADDRESS);
    }

    @Deactivate
    void deactivate() {
        server.destroy();
    }
}
