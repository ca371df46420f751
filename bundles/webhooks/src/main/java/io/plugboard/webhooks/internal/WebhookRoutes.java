package io.plugboard.webhooks.internal;

import java.io.InputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/** The webhook route of the {@code plugboard} Camel context: the HTTP edge; delivery is core's. */
final class WebhookRoutes extends RouteBuilder {

    private final WebhookIngestion ingestion;

    WebhookRoutes(WebhookIngestion ingestion) {
        this.ingestion = ingestion;
    }

    @Override
    public void configure() {
        onException(Exception.class).handled(true).process(e -> {
            Exception cause = e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
            log.error("Webhook processing failed", cause);
            respond(e, WebhookResponse.error(500, "internal_error", "The delivery was not stored; retry later."));
        });

        // raw body (no stream cache, no form parsing): signatures are computed over the exact bytes received
        from("servlet:/?servletName=" + PlugboardCamelContext.SERVLET_NAME + "&matchOnUriPrefix=true"
                + "&httpMethodRestrict=POST&disableStreamCache=true&mapHttpMessageFormUrlEncodedBody=false"
                + "&muteException=true")
                .routeId("webhook-ingest")
                // Camel caches every route's input in memory by default (stream caching): that would read a whole
                // chunked upload, 100 MB or 1 GB, before the cap could refuse it. The ingestion reads the stream itself.
                .noStreamCaching()
                .process(e -> {
                    HttpServletRequest request = e.getIn().getHeader(Exchange.HTTP_SERVLET_REQUEST, HttpServletRequest.class);
                    // the body as Camel took it from the request: with disableStreamCache, the unread request stream
                    InputStream body = e.getIn().getBody(InputStream.class);
                    try {
                        respond(e, ingestion.receive(request.getPathInfo(), headers(request), request.getContentLengthLong(),
                                body == null ? InputStream.nullInputStream() : body));
                    } catch (OutOfMemoryError oom) {
                        // nothing was stored; the sender retries (an Error would bypass onException)
                        log.error("Webhook refused: out of memory while receiving it");
                        respond(e, WebhookResponse.error(503, "unavailable", "The server is short of memory; retry later.")
                                .withHeader("Retry-After", "30"));
                    }
                });
    }

    private static Map<String, List<String>> headers(HttpServletRequest request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name, Collections.list(request.getHeaders(name)));
        }
        return headers;
    }

    private static void respond(Exchange e, WebhookResponse response) {
        e.getMessage().removeHeaders("*");
        e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, response.status());
        e.getMessage().setHeader(Exchange.CONTENT_TYPE, response.contentType());
        response.headers().forEach((k, v) -> e.getMessage().setHeader(k, v));
        e.getMessage().setBody(response.body());
    }
}
