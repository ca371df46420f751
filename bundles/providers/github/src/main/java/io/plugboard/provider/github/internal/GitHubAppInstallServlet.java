package io.plugboard.provider.github.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import javax.servlet.Servlet;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plugboard.api.server.AdminAuthenticator;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;

/**
 * Installing the server's GitHub App, on the HTTP whiteboard (so it comes and goes with this provider):
 * <ul>
 * <li>{@code POST /api/v1/github/app/installations} (admin token) {@code {"organization", "account"?}} →
 * 201 {@code {"url", "expiresAt"}}: the install link to open in a browser, once, within 10 minutes;</li>
 * <li>{@code GET /integrations/github/install?ticket=…}: sets the browser's cookie and sends it to GitHub's
 * {@code /apps/<slug>/installations/new?state=…};</li>
 * <li>{@code POST /api/v1/github/app/manifest} (admin token) {@code {"owner"?, "name"?}} → 201 {@code {"url"}}, and
 * {@code GET /integrations/github/app_manifest?ticket=…} and {@code …/callback}: creating the app from its manifest
 * ({@link AppManifest});</li>
 * <li>{@code GET /integrations/github/app_installation} - the app's setup (and user authorization callback) URL:
 * {@link AppInstallation}.</li>
 * </ul>
 */
@Component(service = Servlet.class, configurationPid = GitHubAppConfiguration.PID, property = {
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=" + GitHubAppInstallServlet.INSTALL,
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=" + GitHubAppInstallServlet.SETUP,
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=" + GitHubAppInstallServlet.API,
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=" + GitHubAppInstallServlet.MANIFEST,
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=" + GitHubAppInstallServlet.MANIFEST_CALLBACK,
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=" + GitHubAppInstallServlet.MANIFEST_API,
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME + "=plugboard-github-app-install"})
public class GitHubAppInstallServlet extends HttpServlet {

    static final String INSTALL = "/integrations/github/install";
    static final String SETUP = "/integrations/github/app_installation";
    static final String API = "/api/v1/github/app/installations";
    static final String MANIFEST = "/integrations/github/app_manifest";
    static final String MANIFEST_CALLBACK = "/integrations/github/app_manifest/callback";
    static final String MANIFEST_API = "/api/v1/github/app/manifest";
    static final String COOKIE = "plugboard_github";
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final transient AdminAuthenticator admin;
    private final transient GitHubAppInstalls installs;

    @Activate
    public GitHubAppInstallServlet(@Reference AdminAuthenticator admin, @Reference GitHubAppInstalls installs) {
        this.admin = admin;
        this.installs = installs;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI();
        if (!API.equals(path) && !MANIFEST_API.equals(path)) {
            error(response, 404, "not_found", "No such endpoint.");
            return;
        }
        String authorization = request.getHeader("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")
                || !admin.isAdminToken(authorization.substring("Bearer ".length()).trim())) {
            error(response, 401, "unauthorized", "The admin token is missing or wrong (Authorization: Bearer <token>).");
            return;
        }
        JsonNode body;
        try {
            body = JSON.readTree(request.getInputStream().readNBytes(64 * 1024));
        } catch (IOException e) {
            body = null;
        }
        if (body != null && !body.isObject() && !body.isMissingNode()) {
            error(response, 400, "invalid", "The body is not a JSON object {\"organization\", \"account\"}.");
            return;
        }
        java.util.List<String> fields = MANIFEST_API.equals(path) ? java.util.List.of("name", "owner")
                : java.util.List.of("account", "organization");
        if (body != null && body.isObject()) {
            for (java.util.Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
                String field = names.next();
                if (!fields.contains(field)) {
                    error(response, 400, "unknown_field", "Unknown field '" + field + "': expected "
                            + String.join(", ", fields) + ".");
                    return;
                }
            }
        }
        GitHubAppInstalls.Link link;
        try {
            if (MANIFEST_API.equals(path)) {
                link = installs.manifestLink(text(body, "owner"), text(body, "name") == null ? "Plugboard"
                        : text(body, "name"));
            } else {
                String organization = text(body, "organization");
                link = installs.link(organization == null ? "default" : organization, text(body, "account"));
            }
        } catch (IllegalArgumentException e) {
            error(response, 400, "invalid", e.getMessage() + ".");
            return;
        } catch (IllegalStateException e) {
            error(response, 409, MANIFEST_API.equals(path) ? "conflict" : "no_app", e.getMessage() + ".");
            return;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("url", link.url());
        answer.put("organization", link.organization());
        if (link.account() != null) {
            answer.put("account", link.account());
        }
        answer.put("expiresAt", link.expiresAt().toString());
        response.setStatus(201);
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        JSON.writeValue(response.getOutputStream(), answer);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI();
        if (INSTALL.equals(path)) {
            Optional<InstallStates.Opened> opened = installs.states().open(request.getParameter("ticket"));
            if (opened.isEmpty()) {
                page(response, new AppInstallation.Page(400, "Install link not valid", "The install link is unknown, "
                        + "used or expired; ask for a new one (plugboard:github-app-install)."));
                return;
            }
            Optional<URI> target = installs.installation().installUrl(opened.get().state());
            if (target.isEmpty()) {
                page(response, new AppInstallation.Page(409, "No GitHub App", "No GitHub App is registered on this "
                        + "server."));
                return;
            }
            setCookie(response, opened.get().browser());
            response.setHeader("Referrer-Policy", "no-referrer");
            response.setStatus(302);
            response.setHeader("Location", target.get().toString());
            return;
        }
        if (MANIFEST.equals(path)) {
            Optional<InstallStates.Opened> opened = installs.manifestStates().open(request.getParameter("ticket"));
            if (opened.isEmpty()) {
                page(response, new AppInstallation.Page(400, "Link not valid", "The link is unknown, used or expired; "
                        + "ask for a new one (plugboard:github-app-create)."));
                return;
            }
            setCookie(response, opened.get().browser());
            page(response, installs.manifest().form(opened.get()));
            return;
        }
        if (MANIFEST_CALLBACK.equals(path)) {
            Map<String, String> query = new LinkedHashMap<>();
            request.getParameterMap().forEach((k, v) -> query.put(k, v.length == 1 ? v[0] : null));
            page(response, installs.manifest().callback(query, cookie(request)));
            return;
        }
        if (SETUP.equals(path)) {
            Map<String, String> query = new LinkedHashMap<>();
            for (Map.Entry<String, String[]> e : request.getParameterMap().entrySet()) {
                if (e.getValue().length != 1) {
                    page(response, new AppInstallation.Page(400, "GitHub App not installed", "The request repeats the "
                            + "parameter '" + e.getKey() + "'. Nothing was created."));
                    return;
                }
                query.put(e.getKey(), e.getValue()[0]);
            }
            page(response, installs.installation().setup(query, cookie(request)));
            return;
        }
        error(response, 405, "method_not_allowed", "Use POST.");
    }

    private static String text(JsonNode body, String field) {
        return body == null || body.path(field).asText("").isBlank() ? null : body.path(field).asText();
    }

    private static String cookie(HttpServletRequest request) {
        if (request.getCookies() != null) {
            for (Cookie c : request.getCookies()) {
                if (COOKIE.equals(c.getName())) {
                    return c.getValue();
                }
            }
        }
        return null;
    }

    private void setCookie(HttpServletResponse response, String browser) {
        response.setHeader("Set-Cookie", COOKIE + "=" + browser + "; Path=/integrations/github; Max-Age=600; HttpOnly; "
                + "SameSite=Lax" + (installs.secure() ? "; Secure" : ""));
        response.setHeader("Cache-Control", "no-store");
    }

    private static void page(HttpServletResponse response, AppInstallation.Page page) throws IOException {
        page(response, AppManifest.Page.plain(page.status(), page.title(), page.text()));
    }

    /** An HTML page; with a form, its button POSTs the manifest; values shown once are in {@code <pre>}. */
    private static void page(HttpServletResponse response, AppManifest.Page page) throws IOException {
        response.setStatus(page.status());
        response.setContentType("text/html");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
        response.setHeader("Referrer-Policy", "no-referrer");
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>")
                .append(escape(page.title())).append("</title></head><body style=\"font-family: sans-serif; "
                        + "max-width: 48em; margin: 4em auto\"><h1>").append(escape(page.title())).append("</h1><p>")
                .append(escape(page.text())).append("</p>");
        for (Map.Entry<String, String> once : page.shownOnce().entrySet()) {
            html.append("<h2>").append(escape(once.getKey())).append("</h2><pre>").append(escape(once.getValue()))
                    .append("</pre>");
        }
        if (page.formAction() != null) {
            html.append("<form method=\"post\" action=\"").append(escape(page.formAction())).append("\">")
                    .append("<input type=\"hidden\" name=\"manifest\" value=\"").append(escape(page.manifest()))
                    .append("\"><button type=\"submit\">Create the GitHub App on GitHub</button></form>");
        }
        html.append("</body></html>");
        response.getOutputStream().write(html.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void error(HttpServletResponse response, int status, String error, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("message", message);
        JSON.writeValue(response.getOutputStream(), body);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
