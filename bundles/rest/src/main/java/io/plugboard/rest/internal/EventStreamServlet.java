package io.plugboard.rest.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import javax.servlet.AsyncContext;
import javax.servlet.AsyncEvent;
import javax.servlet.AsyncListener;
import javax.servlet.Servlet;
import javax.servlet.ServletException;
import javax.servlet.ServletOutputStream;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.plugboard.api.event.EventService;
import io.plugboard.api.execution.ExecutionService;
import io.plugboard.api.server.AdminAuthenticator;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/events/stream?eventSource=<name>&integration=<uid>}: Server-Sent Events of the events being
 * dispatched, as core posts them to EventAdmin. Not part of the CXF endpoint (a JAX-RS resource would hold a request
 * thread per client): a servlet on the HTTP whiteboard at the exact path - more specific than CXF's {@code /}, so it
 * wins - that is also the EventAdmin handler. It checks the admin token itself, answers {@code text/event-stream},
 * and writes, per matching event:
 * <pre>
 * id: &lt;event id&gt;
 * event: &lt;eventType&gt;
 * data: {"id","integration","provider","eventType","deliveryId","eventSource","receivedAt","body"}
 * </pre>
 * and a {@code : keep-alive} comment after 15 seconds without one. The request is async without a timeout; frames go
 * through a bounded queue per client written by one sender thread ({@link EventStreamHub}), so EventAdmin's thread
 * never waits for a client.
 */
@Component(service = {Servlet.class, EventHandler.class}, property = {
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=" + EventStreamServlet.PATH,
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=" + EventStreamServlet.CONNECTIONS_PATH,
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=" + EventStreamServlet.EXECUTIONS_PATH,
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME + "=plugboard-event-stream",
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_ASYNC_SUPPORTED + "=true",
        EventConstants.EVENT_TOPIC + "=" + EventService.TOPIC_PREFIX + "*",
        EventConstants.EVENT_TOPIC + "=" + EventStreamServlet.CONNECTION_TOPICS + "*",
        EventConstants.EVENT_TOPIC + "=" + ExecutionService.TOPIC_PREFIX + "*"})
public class EventStreamServlet extends HttpServlet implements EventHandler {

    static final String PATH = RestApiComponent.ADDRESS + "/events/stream";
    /**
     * {@code GET /api/v1/connections/events}: the same kind of stream for connections: {@code CONNECTED} and
     * {@code FAILED} when an OAuth login completes, {@code NEEDS_REAUTH} when a refresh token is refused; the data has
     * the attempt, connection type, name, organization, connection id and reason (never a token).
     */
    static final String CONNECTIONS_PATH = RestApiComponent.ADDRESS + "/connections/events";
    static final String CONNECTION_TOPICS = "plugboard/connections/";
    /**
     * {@code GET /api/v1/executions/stream?integration=<name>}: every change of an execution's state; event = the
     * state, data = the execution as {@code GET /api/v1/executions/{id}} answers it (input masked).
     */
    static final String EXECUTIONS_PATH = RestApiComponent.ADDRESS + "/executions/stream";
    static final String CONTENT_TYPE = "text/event-stream";
    static final int QUEUE_CAPACITY = 256;
    static final int MAX_CLIENTS = 100;
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(EventStreamServlet.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final transient AdminAuthenticator authenticator;
    private final transient EventStreamHub hub;
    private final transient EventStreamHub connectionHub =
            new EventStreamHub(QUEUE_CAPACITY, MAX_CLIENTS, KEEP_ALIVE, System::nanoTime);
    private final transient EventStreamHub executionHub =
            new EventStreamHub(QUEUE_CAPACITY, MAX_CLIENTS, KEEP_ALIVE, System::nanoTime);

    @Activate
    public EventStreamServlet(@Reference AdminAuthenticator authenticator) {
        this(authenticator, new EventStreamHub(QUEUE_CAPACITY, MAX_CLIENTS, KEEP_ALIVE, System::nanoTime));
        hub.start();
        connectionHub.start();
        executionHub.start();
    }

    /** For tests: a hub whose sender is not started (they call {@link EventStreamHub#pump()}). */
    EventStreamServlet(AdminAuthenticator authenticator, EventStreamHub hub) {
        this.authenticator = authenticator;
        this.hub = hub;
    }

    EventStreamHub hub() {
        return hub;
    }

    @Deactivate
    void deactivate() {
        hub.stop();
        connectionHub.stop();
        executionHub.stop();
    }

    @Override
    public void handleEvent(Event event) {
        try {
            if (event.getTopic().startsWith(ExecutionService.TOPIC_PREFIX)) {
                executionHub.publish(StreamEvent.ofExecution(event));
                return;
            }
            if (event.getTopic().startsWith(CONNECTION_TOPICS)) {
                connectionHub.publish(StreamEvent.ofConnection(event));
                return;
            }
            hub.publish(StreamEvent.of(event));
        } catch (RuntimeException e) {
            LOG.warn("Event {} not streamed", event.getProperty("id"), e);
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        if (!"GET".equals(request.getMethod())) {
            response.setHeader("Allow", "GET");
            error(response, 405, "method_not_allowed", "This method is not allowed here; see the Allow header.");
            return;
        }
        doGet(request, response);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String problem = AdminAuthFilter.rejection(request.getHeader("Authorization"), authenticator);
        if (problem != null) {
            response.setHeader("WWW-Authenticate", AdminAuthFilter.CHALLENGE);
            error(response, 401, "unauthorized", problem);
            return;
        }
        EventStreamHub hub = CONNECTIONS_PATH.equals(request.getRequestURI()) ? connectionHub
                : EXECUTIONS_PATH.equals(request.getRequestURI()) ? executionHub : this.hub;
        if (hub.size() >= MAX_CLIENTS) {
            error(response, 503, "unavailable", "Too many event stream clients (at most " + MAX_CLIENTS + ").");
            return;
        }
        String eventSource = emptyToNull(request.getParameter("eventSource"));
        String integration = emptyToNull(request.getParameter("integration"));

        response.setStatus(200);
        response.setContentType(CONTENT_TYPE);
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");      // tell proxies not to buffer the stream
        AsyncContext async = request.startAsync(request, response);
        async.setTimeout(0);
        ServletOutputStream out = response.getOutputStream();
        response.flushBuffer();                               // the client sees the headers now

        EventStreamHub.Client client = hub.add(new ResponseSink(async, out), eventSource, integration);
        if (client == null) {
            async.complete();
            return;
        }
        async.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                hub.remove(client);
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                hub.remove(client);
            }

            @Override
            public void onError(AsyncEvent event) {
                hub.remove(client);
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                // not restarted
            }
        });
    }

    private static void error(HttpServletResponse response, int status, String code, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        byte[] body = JSON.writeValueAsBytes(new ErrorBody(code, message));
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    /** The async response of one client. */
    private static final class ResponseSink implements EventStreamHub.Sink {
        private final AsyncContext async;
        private final ServletOutputStream out;

        ResponseSink(AsyncContext async, ServletOutputStream out) {
            this.async = async;
            this.out = out;
        }

        @Override
        public void write(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        @Override
        public void close() {
            try {
                async.complete();
            } catch (IllegalStateException e) {
                // already completed (the client went away)
            }
        }
    }
}
