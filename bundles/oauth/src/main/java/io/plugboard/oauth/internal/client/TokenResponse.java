package io.plugboard.oauth.internal.client;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A successful token endpoint answer (RFC 6749 section 5.1).
 *
 * @param accessToken  the access token
 * @param tokenType    as sent ({@code Bearer}, {@code bearer}; Slack's {@code bot}/{@code user})
 * @param refreshToken null when none was issued (a refresh may legitimately not return a new one: keep the old)
 * @param expiresAt    now + {@code expires_in}, null when the server sent no {@code expires_in}
 * @param scopes       the granted scopes; empty when the server did not say (then they equal the requested ones)
 * @param idToken      the OpenID Connect id_token, null when none
 * @param raw          every parameter of the answer (contains the tokens: never log it)
 */
public record TokenResponse(String accessToken, String tokenType, String refreshToken, Instant expiresAt,
                            List<String> scopes, String idToken, Map<String, Object> raw) {

    public TokenResponse {
        Objects.requireNonNull(accessToken, "accessToken");
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
        raw = raw == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(raw));
    }

    /** Never prints token values. */
    @Override
    public String toString() {
        return "TokenResponse[tokenType=" + tokenType + ", refreshToken=" + (refreshToken == null ? "none" : "***")
                + ", expiresAt=" + expiresAt + ", scopes=" + scopes + ", idToken=" + (idToken == null ? "none" : "***")
                + "]";
    }
}
