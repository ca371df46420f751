package io.plugboard.core.internal.server;

import java.net.URI;

import io.plugboard.api.server.PublicUrl;
import io.plugboard.core.internal.CoreConfiguration;
import io.plugboard.core.internal.cluster.ClusterComponent;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PublicUrl}: {@code publicUrl} of {@code etc/io.plugboard.core.cfg}, else {@code http://localhost:<port>} with
 * the port Pax Web listens on - followed when either configuration changes.
 */
@Component(service = {PublicUrl.class, ConfigurationListener.class}, configurationPid = CoreConfiguration.PID)
public class PublicUrlService implements PublicUrl, ConfigurationListener {

    private static final Logger LOG = LoggerFactory.getLogger(PublicUrlService.class);
    private static final String PAX_WEB_PID = "org.ops4j.pax.web";

    private final ConfigurationAdmin configurations;
    private volatile String configured;
    private volatile String value;

    @Activate
    public PublicUrlService(@Reference(cardinality = ReferenceCardinality.OPTIONAL) ConfigurationAdmin configurations,
                            CoreConfiguration config) {
        this.configurations = configurations;
        modified(config);
    }

    @Modified
    void modified(CoreConfiguration config) {
        String url = config.publicUrl() == null ? "" : config.publicUrl().trim();
        if (!url.isEmpty()) {
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                uri = null;
            }
            if (uri == null || uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                LOG.warn("publicUrl '{}' in etc/{}.cfg is not an http(s) URL; using http://localhost:<HTTP port>",
                        url, CoreConfiguration.PID);
                url = "";
            }
        }
        configured = url;
        recompute();
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        if (PAX_WEB_PID.equals(event.getPid())) {
            recompute();
        }
    }

    private void recompute() {
        String next = configured.isEmpty() ? "http://localhost:" + ClusterComponent.httpPort(configurations)
                : withoutTrailingSlash(configured);
        if (!next.equals(value)) {
            LOG.info("Public URL: {}", next);
        }
        value = next;
    }

    @Override
    public String value() {
        return value;
    }

    static String withoutTrailingSlash(String url) {
        String u = url;
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }
}
