package io.plugboard.rest.internal;

import java.net.URI;
import java.util.List;

import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxrs.JAXRSServerFactoryBean;
import org.apache.cxf.transport.http.HTTPTransportFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.jaxrs.json.JacksonJsonProvider;

import io.plugboard.api.oidc.OidcIssuer;

/**
 * Publishes Plugboard's OpenID Connect discovery document and JWKS at {@code <issuer path>/.well-known}, without
 * authentication, while the issuer is there (it needs the database: its keys are stored).
 */
@Component
public class OidcDiscoveryComponent {

    private static final Logger LOG = LoggerFactory.getLogger(OidcDiscoveryComponent.class);

    private final Server server;

    @Activate
    public OidcDiscoveryComponent(@Reference OidcIssuer issuer, @Reference HTTPTransportFactory httpTransport) {
        String path = URI.create(issuer.issuer()).getRawPath();
        String address = (path == null ? "" : path.replaceAll("/+$", "")) + "/.well-known";
        JAXRSServerFactoryBean factory = new JAXRSServerFactoryBean();
        factory.setAddress(address);
        factory.setServiceBeans(List.of(new OidcDiscoveryResource(issuer)));
        factory.setProviders(List.of(new JacksonJsonProvider(RestApiComponent.objectMapper()),
                new WebApplicationExceptionMapper(), new UnexpectedExceptionMapper()));
        server = factory.create();
        LOG.info("OpenID Connect discovery published at {}{}", address, "/openid-configuration");
    }

    @Deactivate
    void deactivate() {
        server.destroy();
    }
}
