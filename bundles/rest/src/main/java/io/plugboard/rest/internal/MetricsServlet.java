package io.plugboard.rest.internal;

import java.io.IOException;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import io.plugboard.api.metrics.Metrics;
import io.plugboard.api.server.AdminAuthenticator;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;

/**
 * {@code GET /metrics}: every metric in the Prometheus text format, for a scraper with the admin token
 * ({@code authorization: {type: Bearer, credentials: <token>}} in its scrape config). 503 while core is not active.
 */
@Component(service = Servlet.class, property = {
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=" + MetricsServlet.PATH,
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME + "=plugboard-metrics"})
public class MetricsServlet extends HttpServlet {

    static final String PATH = "/metrics";
    private static final long serialVersionUID = 1L;

    @Reference
    private transient AdminAuthenticator authenticator;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile transient Metrics metrics;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String problem = AdminAuthFilter.rejection(request.getHeader("Authorization"), authenticator);
        if (problem != null) {
            error(response, 401, "unauthorized", problem);
            return;
        }
        Metrics current = metrics;
        if (current == null) {
            error(response, 503, "unavailable", "Metrics are not available right now (bundle io.plugboard.core is not active).");
            return;
        }
        response.setStatus(200);
        response.setContentType(Metrics.CONTENT_TYPE);
        response.setHeader("Cache-Control", "no-store");
        current.write(response.getOutputStream());
    }

    static void error(HttpServletResponse response, int status, String code, String message) throws IOException {
        response.setStatus(status);
        if (status == 401) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"plugboard\"");
        }
        if (status == 503) {
            response.setHeader("Retry-After", "5");
        }
        response.setContentType("application/json");
        RestApiComponent.objectMapper().writeValue(response.getOutputStream(), new ErrorBody(code, message));
    }
}
