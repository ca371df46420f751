package io.plugboard.rest.internal;

import java.io.IOException;
import java.net.InetSocketAddress;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import io.plugboard.api.metrics.Metrics;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.AbstractHandler;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code metricsPort} in {@code etc/io.plugboard.core.cfg}: {@code GET /metrics} also on a port of its own, without a
 * token, bound to {@code metricsHost} (default 127.0.0.1) - for a scraper on a private network that should not hold
 * the admin token. Off (0) by default. A small Jetty server of the Jetty that Pax Web runs; the main port's
 * {@code /metrics} keeps asking for the token.
 */
@Component(configurationPid = "io.plugboard.core", configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
public class MetricsPort {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsPort.class);

    /** The keys of the core configuration this component reads. */
    public @interface Config {
        int metricsPort() default 0;

        String metricsHost() default "127.0.0.1";
    }

    private final Metrics metrics;
    private Server server;

    @Activate
    public MetricsPort(@Reference Metrics metrics, Config config) {
        this.metrics = metrics;
        open(config);
    }

    @Modified
    synchronized void modified(Config config) {
        close();
        open(config);
    }

    @Deactivate
    synchronized void close() {
        if (server != null) {
            try {
                server.stop();
            } catch (Exception e) {
                LOG.warn("The metrics port did not stop cleanly: {}", e.toString());
            }
            server = null;
        }
    }

    private synchronized void open(Config config) {
        int port = config.metricsPort();
        if (port <= 0) {
            return;
        }
        if (port > 65535) {
            LOG.warn("metricsPort {} is not a port: metrics stay on /metrics of the HTTP port only", port);
            return;
        }
        String host = config.metricsHost() == null || config.metricsHost().isBlank() ? "127.0.0.1" : config.metricsHost().trim();
        Server s = new Server(new InetSocketAddress(host, port));
        s.setHandler(new AbstractHandler() {
            @Override
            public void handle(String target, Request base, HttpServletRequest request, HttpServletResponse response)
                    throws IOException {
                base.setHandled(true);
                answer(request, response);
            }
        });
        try {
            s.start();
            server = s;
            LOG.info("Metrics without a token at http://{}:{}/metrics", host, port);
        } catch (Exception e) {
            LOG.warn("Could not open the metrics port {}:{} ({}): metrics stay on /metrics of the HTTP port only",
                    host, port, e.toString());
            try {
                s.stop();
            } catch (Exception ignored) {
                // it never started
            }
        }
    }

    void answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!MetricsServlet.PATH.equals(request.getRequestURI())) {
            MetricsServlet.error(response, 404, "not_found", "This port serves only " + MetricsServlet.PATH + ".");
        } else if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            response.setHeader("Allow", "GET, HEAD");
            MetricsServlet.error(response, 405, "method_not_allowed", "Metrics are read with GET.");
        } else {
            response.setStatus(200);
            response.setContentType(Metrics.CONTENT_TYPE);
            response.setHeader("Cache-Control", "no-store");
            metrics.write(response.getOutputStream());
        }
    }
}
