package io.plugboard.webhooks.internal;

import java.io.IOException;
import java.util.Optional;

import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * Refuses a request that is not a POST (405), and a webhook whose declared length is over the cap before the Camel servlet sees it. The servlet asks Jetty for
 * the request's input stream as it starts, and Jetty answers {@code Expect: 100-continue} at that moment: a sender
 * that waits for it (curl does, for large bodies) was told to go on and sent the whole body into a 413. Here the 413
 * goes out on the head alone, and such a sender never sends the body.
 */
final class DeclaredLengthFilter implements Filter {

    private final WebhookIngestion ingestion;

    DeclaredLengthFilter(WebhookIngestion ingestion) {
        this.ingestion = ingestion;
    }

    @Override
    public void init(FilterConfig config) {
        // nothing to set up
    }

    @Override
    public void destroy() {
        // nothing to release
    }

    /** What follows {@code /webhooks}, as the route sees it. */
    private static String webhookPath(HttpServletRequest request) {
        String uri = request.getRequestURI();
        return uri != null && uri.startsWith("/webhooks") ? uri.substring("/webhooks".length()) : uri;
    }

    /**
     * Webhook URLs take only POST: anything else is a JSON 405 with {@code Allow}, here rather than from the Camel
     * servlet's method restriction, which answers with Jetty's HTML error page.
     */
    static WebhookResponse notAllowed(String method) {
        return WebhookResponse.error(405, "method_not_allowed", "A webhook URL takes only POST, not " + method + ".")
                .withHeader("Allow", "POST");
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Optional<WebhookResponse> refused = request instanceof HttpServletRequest http
                ? "POST".equals(http.getMethod()) ? ingestion.refuseOnHead(request.getContentLengthLong(), webhookPath(http))
                        : Optional.of(notAllowed(http.getMethod()))
                : Optional.empty();
        if (refused.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        HttpServletResponse answer = (HttpServletResponse) response;
        answer.setStatus(refused.get().status());
        answer.setContentType(refused.get().contentType());
        answer.setHeader("Connection", "close"); // the unread body must not be taken for the next request
        refused.get().headers().forEach(answer::setHeader);
        answer.setContentLength(refused.get().body().length);
        answer.getOutputStream().write(refused.get().body());
    }
}
