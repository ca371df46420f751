package io.plugboard.webhooks.internal;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.Dictionary;
import java.util.Hashtable;

import javax.management.ObjectName;
import javax.servlet.Filter;
import javax.servlet.Servlet;

import io.plugboard.api.event.DeliveryCounters;
import io.plugboard.api.event.EventService;
import io.plugboard.api.event.WebhookCounters;
import io.plugboard.api.provider.ProviderRegistry;
import io.plugboard.api.server.WebhookTargets;
import org.apache.camel.component.servlet.CamelHttpTransportServlet;
import org.apache.camel.core.osgi.OsgiCamelContextPublisher;
import org.apache.camel.core.osgi.OsgiDefaultCamelContext;
import org.apache.camel.spi.ComponentResolver;
import org.apache.camel.spi.LanguageResolver;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the {@code plugboard} Camel context (started on activation, stopped on deactivation, published as an OSGi
 * service so {@code camel:context-list} shows it) and its route {@code webhook-ingest} on the servlet at
 * {@code /webhooks/*}: the HTTP edge. Core's event log stores each delivery and its dispatcher delivers it.
 */
@Component(immediate = true, configurationPid = WebhooksConfiguration.PID)
@Designate(ocd = WebhooksConfiguration.class)
public class PlugboardCamelContext {

    public static final String NAME = "plugboard";
    static final String SERVLET_NAME = "PlugboardWebhooks";
    private static final Logger LOG = LoggerFactory.getLogger(PlugboardCamelContext.class);

    private final OsgiDefaultCamelContext camel;
    private final ServiceRegistration<Servlet> servlet;
    private final ServiceRegistration<Filter> filter;
    private final WebhookMetrics metrics = new WebhookMetrics(() -> this.deliveryCounters);
    private final ServiceRegistration<WebhookCounters> countersService;
    private final WebhookIngestion ingestion;
    private ObjectName mbean;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile DeliveryCounters deliveryCounters;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY)
    void bindMetrics(io.plugboard.api.metrics.Metrics service) {
        metrics.prometheus = service;
    }

    void unbindMetrics(io.plugboard.api.metrics.Metrics service) {
        if (metrics.prometheus == service) {
            metrics.prometheus = null;
        }
    }

    /**
     * The resolvers are not used directly: the context needs the {@code simple} language and the {@code servlet}
     * component, which camel-core-osgi registers only once their bundles have started; requiring them
     * keeps the context from starting (and failing) while the features are still being deployed.
     */
    @Activate
    public PlugboardCamelContext(BundleContext bundleContext, WebhooksConfiguration config,
                                 @Reference ProviderRegistry providers, @Reference WebhookTargets targets,
                                 @Reference EventService events,
                                 @Reference(target = "(language=simple)") LanguageResolver simpleLanguage,
                                 @Reference(target = "(component=servlet)") ComponentResolver servletComponent) throws Exception {
        ingestion = new WebhookIngestion(providers, targets, events, metrics, Clock.systemUTC(), config.maxBodyBytes());
        ingestion.bodyBytesInFlight(config.maxBodyBytesInFlight());
        ingestion.spoolBytes(config.maxSpoolBytes());

        Dictionary<String, Object> props = new Hashtable<>();
        props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN, "/webhooks/*");
        props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME, SERVLET_NAME);
        servlet = bundleContext.registerService(Servlet.class, new CamelHttpTransportServlet(), props);
        Dictionary<String, Object> filterProps = new Hashtable<>();
        filterProps.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_FILTER_SERVLET, SERVLET_NAME);
        filter = bundleContext.registerService(Filter.class, new DeclaredLengthFilter(ingestion), filterProps);

        camel = new OsgiDefaultCamelContext(bundleContext);
        camel.setName(NAME);
        camel.getManagementStrategy().addEventNotifier(new OsgiCamelContextPublisher(bundleContext));
        camel.start();
        // after start: routes added to an OSGi context that has not started yet are silently dropped
        camel.addRoutes(new WebhookRoutes(ingestion));
        registerMBean();
        countersService = bundleContext.registerService(WebhookCounters.class, metrics, null);
        LOG.info("Camel context '{}' started: webhooks at /webhooks/<provider>/<integration uid>", NAME);
    }

    @Modified
    void modified(WebhooksConfiguration config) {
        ingestion.maxBodyBytes(config.maxBodyBytes());
        ingestion.bodyBytesInFlight(config.maxBodyBytesInFlight());
        ingestion.spoolBytes(config.maxSpoolBytes());
    }

    private void registerMBean() {
        try {
            mbean = new ObjectName("io.plugboard:type=Webhooks");
            ManagementFactory.getPlatformMBeanServer().registerMBean(metrics, mbean);
        } catch (Exception e) {
            LOG.warn("Webhook metrics not registered over JMX: {}", e.toString());
            mbean = null;
        }
    }

    @Deactivate
    void deactivate() {
        countersService.unregister();
        camel.stop();
        filter.unregister();
        servlet.unregister();
        if (mbean != null) {
            try {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(mbean);
            } catch (Exception e) {
                LOG.debug("MBean already gone: {}", e.toString());
            }
        }
        LOG.info("Camel context '{}' stopped", NAME);
    }
}
