package io.plugboard.provider.github.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@code POST /integrations/github/app_webhook}: the GitHub App's webhook URL (the app's "Webhook URL" setting), on
 * the HTTP whiteboard, so it comes and goes with this provider. Bodies over {@code maxBodyBytes} are answered 413;
 * the rest is {@link AppWebhook}'s.
 */
@Component(service = Servlet.class, configurationPid = GitHubAppConfiguration.PID, property = {
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=" + GitHubAppWebhookServlet.PATH,
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME + "=plugboard-github-app-webhook"})
@Designate(ocd = GitHubAppConfiguration.class)
public class GitHubAppWebhookServlet extends HttpServlet {

    static final String PATH = "/integrations/github/app_webhook";
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final transient AppWebhook webhook;
    private final long maxBodyBytes;

    @Activate
    public GitHubAppWebhookServlet(@Reference GitHubAppInstalls installs, GitHubAppConfiguration config) {
        this.webhook = installs.webhook();
        this.maxBodyBytes = config.maxBodyBytes();
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getContentLengthLong() > maxBodyBytes) {
            write(response, AppWebhook.Answer.error(413, "payload_too_large", "The body is larger than "
                    + maxBodyBytes + " bytes."));
            return;
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
        }
        if (body.length > maxBodyBytes) {
            write(response, AppWebhook.Answer.error(413, "payload_too_large", "The body is larger than "
                    + maxBodyBytes + " bytes."));
            return;
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name, new ArrayList<>(Collections.list(request.getHeaders(name))));
        }
        write(response, webhook.receive(headers, body));
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Allow", "POST");
        write(response, AppWebhook.Answer.error(405, "method_not_allowed", "The GitHub App webhook takes POST only."));
    }

    private static void write(HttpServletResponse response, AppWebhook.Answer answer) throws IOException {
        response.setStatus(answer.status());
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        JSON.writeValue(response.getOutputStream(), answer.body());
    }
}
