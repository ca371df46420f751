package io.plugboard.rest.internal;

import java.util.regex.Pattern;

import javax.ws.rs.HttpMethod;

import io.plugboard.api.oidc.CallerRejectedException;
import io.plugboard.api.oidc.CallerTokens;
import io.plugboard.api.resource.Resource;
import io.plugboard.api.resource.ResourceRef;
import io.plugboard.api.server.AdminAuthenticator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two requests a CI job may make with the ID token its platform gave it instead of the admin token, for an
 * integration with {@code spec.oidc.enabled: true}: {@code POST /integrations/{name}/events} and
 * {@code POST /executions/{id}/complete}. Anything wrong with the token is {@code 401} with one message for every
 * reason; the reason is logged (never the token).
 */
final class CallerAuth {

    private static final Logger LOG = LoggerFactory.getLogger(CallerAuth.class);
    private static final Pattern ID_TOKEN_PATHS = Pattern.compile("/?(integrations/[^/]+/events|executions/[^/]+/complete)/?");
    static final String REFUSED = "The ID token is not accepted for this integration.";

    private CallerAuth() {
    }

    static boolean acceptsIdTokens(String method, String path) {
        return HttpMethod.POST.equals(method) && ID_TOKEN_PATHS.matcher(path).matches();
    }

    /** Whether {@code authorization} carries the admin token (the filter let the request through either way). */
    static boolean isAdmin(AdminAuthenticator admin, String authorization) {
        return AdminAuthFilter.rejection(authorization, admin) == null;
    }

    /**
     * The integration the caller's ID token may act for.
     *
     * @throws javax.ws.rs.WebApplicationException 401 when there is no bearer token or it may not
     */
    static Resource verified(CallerTokens tokens, ResourceRef integration, String authorization) {
        String token = authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? null
                : authorization.substring(7).trim();
        if (token == null || token.isEmpty()) {
            throw refused("Send 'Authorization: Bearer <admin token or ID token>'.");
        }
        try {
            return tokens.verify(integration, token);
        } catch (CallerRejectedException e) {
            LOG.warn("ID token refused for {}: {}", integration, e.getMessage());
            throw refused(REFUSED);
        }
    }

    static ApiException refused(String message) {
        return new ApiException(message, AdminAuthFilter.unauthorized(message));
    }
}
