package io.plugboard.oauth.internal.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.ws.rs.CookieParam;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.MultivaluedMap;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plugboard.api.connection.AuthorizationStatus;
import io.plugboard.oauth.internal.flow.BrowserFlow;
import io.plugboard.oauth.internal.flow.Step;

/**
 * The browser side of OAuth2 connections, at {@code /integration}: {@code /{provider}/login?ticket=},
 * {@code /{provider}/callback}, {@code /check-signup?token=}, {@code /done}. Failures are an HTML page (JSON when the
 * client asks for it) with status 400; redirects go only to the provider, the configured success page or an
 * allow-listed environment — never to a URL taken from the request.
 */
@Path("/")
public class IntegrationEndpoints {

    static final String COOKIE = "plugboard_oauth";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BrowserFlow flows;

    public IntegrationEndpoints(BrowserFlow flows) {
        this.flows = flows;
    }

    @GET
    @Path("/{provider}/login")
    public Response login(@PathParam("provider") String provider, @QueryParam("ticket") String ticket,
                          @HeaderParam("Accept") String accept) {
        String id = provider.toLowerCase(Locale.ROOT);
        Step step = flows.login(id, ticket);
        if (step.redirect() == null) {
            return failure(step, accept);
        }
        boolean secure = flows.callbackUri(id).startsWith("https:");
        String cookie = COOKIE + "=" + step.cookie() + "; Path=/integration/" + id + "/callback; Max-Age="
                + flows.attemptLifetime().toSeconds() + "; HttpOnly; "
                + "SameSite=Lax" + (secure ? "; Secure" : "");
        return Response.status(302).location(step.redirect()).header("Set-Cookie", cookie)
                .header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer").build();
    }

    @GET
    @Path("/{provider}/callback")
    public Response callback(@PathParam("provider") String provider, @Context UriInfo uri,
                             @CookieParam(COOKIE) String cookie, @HeaderParam("Accept") String accept) {
        String id = provider.toLowerCase(Locale.ROOT);
        Map<String, String> params = new LinkedHashMap<>();
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        for (Map.Entry<String, List<String>> e : query.entrySet()) {
            if (e.getValue().size() > 1) {
                return failure(Step.fail(400, "The callback repeats the parameter '" + e.getKey() + "'."), accept);
            }
            params.put(e.getKey(), e.getValue().get(0));
        }
        String raw = uri.getRequestUri().getRawQuery();
        Step step = flows.callback(id, params, raw == null ? "" : raw, cookie);
        if (step.redirect() == null) {
            return failure(step, accept);
        }
        return Response.status(302).location(step.redirect()).header("Cache-Control", "no-store")
                .header("Referrer-Policy", "no-referrer")
                .header("Set-Cookie", COOKIE + "=; Path=/integration/" + id + "/callback; Max-Age=0; HttpOnly; SameSite=Lax")
                .build();
    }

    /** 202 while pending, 200 with the connection when done, 410 when failed or expired, 404 for an unknown token. */
    @GET
    @Path("/check-signup")
    public Response checkSignup(@QueryParam("token") String token) {
        Optional<AuthorizationStatus> status = flows.signupStatus(token);
        if (status.isEmpty()) {
            return json(404, Map.of("error", "not_found", "message", "No sign-up is waiting for this token."));
        }
        AuthorizationStatus s = status.get();
        switch (s.state()) {
            case DONE:
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("status", "done");
                if (s.connection() != null) {
                    body.put("connection", Map.of("id", s.connection().uid(), "type", s.connection().type().toString(),
                            "name", s.connection().name(), "subject", s.connection().subject()));
                }
                if (!s.displayOnce().isEmpty()) {
                    body.put("displayOnce", s.displayOnce());
                }
                return json(200, body);
            case PENDING:
                return json(202, Map.of("status", "pending", "expiresAt", s.expiresAt().toString()));
            default:
                return json(410, Map.of("error", "gone", "message", s.state() == AuthorizationStatus.State.EXPIRED
                        ? "The sign-up expired." : "The sign-up failed: " + s.reason()));
        }
    }

    @GET
    @Path("/done")
    public Response done(@QueryParam("provider") String provider) {
        String who = provider == null || !provider.matches("[a-z0-9]{1,63}") ? "the provider" : provider;
        return page(200, "Connected", "Plugboard is connected to " + who + ". You can close this window.");
    }

    private static Response failure(Step step, String accept) {
        if (accept != null && accept.contains("application/json") && !accept.contains("text/html")) {
            return json(step.status(), Map.of("error", step.status() == 400 ? "bad_request" : "unavailable",
                    "message", step.failure()));
        }
        return page(step.status(), "Not connected", step.failure());
    }

    private static Response page(int status, String title, String message) {
        String html = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Plugboard: " + escape(title)
                + "</title></head><body style=\"font-family:sans-serif;max-width:40em;margin:4em auto\"><h1>" + escape(title)
                + "</h1><p>" + escape(message) + "</p></body></html>";
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(html)
                .header("Cache-Control", "no-store").header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
                .build();
    }

    private static Response json(int status, Map<String, Object> body) {
        try {
            return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(JSON.writeValueAsString(body)).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
