package io.plugboard.extender.internal;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;

import io.plugboard.api.provider.Provider;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.util.tracker.BundleTracker;
import org.osgi.util.tracker.BundleTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes data-only bundles providers: an ACTIVE bundle with {@code provider.yaml} at its root and no code of its own
 * (no {@code Bundle-Activator}, no {@code Service-Component}) gets a {@link Provider} service read from that file,
 * registered through the bundle's own context (so the registries attribute it, and its {@code connections/}, to that
 * bundle) with {@code plugboard.provider=<id>}. It is unregistered when the bundle stops or this extender goes away.
 */
@Component(service = {}, immediate = true)
public class DataProviderExtender implements BundleTrackerCustomizer<ServiceRegistration<Provider>> {

    private static final Logger LOG = LoggerFactory.getLogger(DataProviderExtender.class);

    private BundleTracker<ServiceRegistration<Provider>> tracker;

    @Activate
    void activate(BundleContext context) {
        tracker = new BundleTracker<>(context, Bundle.ACTIVE, this);
        tracker.open();
    }

    @Deactivate
    void deactivate() {
        tracker.close();
    }

    @Override
    public ServiceRegistration<Provider> addingBundle(Bundle bundle, BundleEvent event) {
        if (bundle.getEntry(ProviderDescriptorReader.FILE) == null) {
            return null;
        }
        String name = bundle.getSymbolicName();
        if (bundle.getHeaders("").get(Constants.BUNDLE_ACTIVATOR) != null
                || bundle.getHeaders("").get("Service-Component") != null) {
            LOG.warn("Bundle {} has a {} but also code (Bundle-Activator or Service-Component): it must register "
                    + "its Provider service itself; the file is ignored", name, ProviderDescriptorReader.FILE);
            return null;
        }
        DataProvider provider;
        try {
            byte[] bytes = new BundleEntrySource(bundle).read(ProviderDescriptorReader.FILE);
            if (bytes == null) {
                return null;
            }
            provider = ProviderDescriptorReader.read(bytes);
        } catch (ProviderDescriptorReader.InvalidDescriptorException | IOException e) {
            LOG.warn("Bundle {}: {} is invalid, no provider registered: {}", name, ProviderDescriptorReader.FILE,
                    e.getMessage());
            return null;
        }
        BundleContext context = bundle.getBundleContext();
        if (context == null) {
            return null; // stopped meanwhile
        }
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Provider.PROVIDER_PROPERTY, provider.id());
        properties.put(Constants.SERVICE_DESCRIPTION, "Data-only provider " + provider.id() + " read from "
                + name + ":" + ProviderDescriptorReader.FILE);
        try {
            ServiceRegistration<Provider> registration = context.registerService(Provider.class, provider, properties);
            LOG.info("Bundle {}: data-only provider {} registered", name, provider.id());
            return registration;
        } catch (IllegalStateException e) {
            return null; // the bundle stopped meanwhile
        }
    }

    @Override
    public void modifiedBundle(Bundle bundle, BundleEvent event, ServiceRegistration<Provider> registration) {
        // nothing: a bundle's content only changes with an update, which stops it first
    }

    @Override
    public void removedBundle(Bundle bundle, BundleEvent event, ServiceRegistration<Provider> registration) {
        try {
            registration.unregister();
            LOG.info("Bundle {}: data-only provider unregistered", bundle.getSymbolicName());
        } catch (IllegalStateException e) {
            // already unregistered by the framework
        }
    }
}
