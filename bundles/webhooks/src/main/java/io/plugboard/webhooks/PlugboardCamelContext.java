package io.plugboard.webhooks;

import org.apache.camel.CamelContext;
import org.apache.camel.core.osgi.OsgiCamelContextPublisher;
import org.apache.camel.core.osgi.OsgiDefaultCamelContext;
import org.apache.camel.spi.LanguageResolver;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the {@code plugboard} Camel context: started on activation, stopped on deactivation. The context is
 * published as an OSGi {@link CamelContext} service when it has started (so {@code camel:context-list} and
 * other bundles see it) and withdrawn when it stops. Webhook ingestion routes are added to it.
 */
@Component(immediate = true)
public class PlugboardCamelContext {

    public static final String NAME = "plugboard";
    private static final Logger LOG = LoggerFactory.getLogger(PlugboardCamelContext.class);

    private final OsgiDefaultCamelContext camel;

    /**
     * @param simpleLanguage not used directly: the context needs the {@code simple} language to start, and camel-core-osgi
     *                       registers it as a service only once camel-core-languages is started. Requiring it keeps the
     *                       context from starting (and failing) before that while the features are still being deployed.
     */
    @Activate
    public PlugboardCamelContext(BundleContext bundleContext,
                                 @Reference(target = "(language=simple)") LanguageResolver simpleLanguage) {
        camel = new OsgiDefaultCamelContext(bundleContext);
        camel.setName(NAME);
        // registers the context as an OSGi service on start and unregisters it on stop
        camel.getManagementStrategy().addEventNotifier(new OsgiCamelContextPublisher(bundleContext));
        camel.start();
        LOG.info("Camel context '{}' started", NAME);
    }

    @Deactivate
    void deactivate() {
        camel.stop();
        LOG.info("Camel context '{}' stopped", NAME);
    }
}
