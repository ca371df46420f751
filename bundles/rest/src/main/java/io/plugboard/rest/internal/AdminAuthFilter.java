package io.plugboard.rest.internal;

import javax.ws.rs.HttpMethod;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;

import io.plugboard.api.server.AdminAuthenticator;

/**
 * Every request under /api/v1 needs {@code Authorization: Bearer <admin token>}, except {@code GET /health} - and the two
 * requests a CI job's ID token may make instead ({@link CallerAuth}), which their resources check.
 * Runs before resource matching, so unknown paths do not reveal what exists to unauthenticated callers.
 */
@PreMatching
public class AdminAuthFilter implements ContainerRequestFilter {

    static final String CHALLENGE = "Bearer realm=\"plugboard\"";
    private static final String BEARER = "bearer ";

    private final AdminAuthenticator authenticator;

    public AdminAuthFilter(AdminAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (isPublic(request.getMethod(), request.getUriInfo().getPath())) {
            return;
        }
        String problem = rejection(request.getHeaderString(HttpHeaders.AUTHORIZATION), authenticator);
        if (problem != null && !CallerAuth.acceptsIdTokens(request.getMethod(), request.getUriInfo().getPath())) {
            request.abortWith(unauthorized(problem));
        }
        // else: a CI job's ID token may do this; the resource checks it (CallerAuth)
    }


    /**
     * Why an {@code Authorization} header value does not carry the admin token, or {@code null} when it does. Also
     * used by the servlets outside CXF ({@link EventStreamServlet}).
     */
    static String rejection(String header, AdminAuthenticator authenticator) {
        if (header == null || header.isBlank()) {
            return "Missing Authorization header: send 'Authorization: Bearer <admin token>' "
                    + "(the token is in data/plugboard/admin.token).";
        }
        if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return "Authorization must use the Bearer scheme.";
        }
        if (!authenticator.isAdminToken(header.substring(BEARER.length()).trim())) {
            return "Invalid admin token.";
        }
        return null;
    }

    static boolean isPublic(String method, String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)) && (p.equals("health") || p.equals("health/") || p.equals("health/ready") || p.equals("health/live")
                || p.equals("openapi.json") || p.equals("openapi.yaml"));
    }

    static Response unauthorized(String message) {
        return Response.fromResponse(ApiErrors.response(401, "unauthorized", message))
                .header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE).build();
    }
}
