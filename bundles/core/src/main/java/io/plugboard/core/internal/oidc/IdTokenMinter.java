package io.plugboard.core.internal.oidc;

import java.util.Map;

import io.plugboard.api.provider.IssuedToken;
import io.plugboard.api.resource.Resource;

/** Core-internal: signs ID tokens for integrations with {@code spec.auth.use: AUTH_TYPE_OIDC}. */
public interface IdTokenMinter {

    /** The registered claims an integration's {@code spec.auth.oidc.claims} may not set. */
    java.util.Set<String> RESERVED_CLAIMS = java.util.Set.of("iss", "sub", "aud", "exp", "nbf", "iat", "jti");

    /**
     * A new token: {@code iss}, {@code sub} ({@link #subject}), {@code aud} ({@code settings.audience}), {@code iat},
     * {@code nbf}, {@code exp} ({@code settings.lifetimeSeconds}, else the configured default; at most 15 minutes),
     * {@code jti}, the {@code organization}, {@code canvas_id} and {@code integration} claims, and
     * {@code settings.claims}.
     *
     * @param settings the integration's {@code spec.auth.oidc}
     */
    IssuedToken mint(Resource integration, Map<String, Object> settings);

    /** {@code org:<organization>:integration:<name>}, or {@code org:<organization>:canvas:<id>:integration:<name>}. */
    static String subject(Resource integration) {
        String org = integration.scope().organization();
        String canvas = integration.scope().canvasId();
        return "org:" + org + (canvas == null || canvas.isEmpty() ? "" : ":canvas:" + canvas) + ":integration:"
                + integration.name();
    }
}
