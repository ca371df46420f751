package io.plugboard.oauth.internal.flow;

import java.util.LinkedHashMap;
import java.util.Map;

import io.plugboard.oauth.internal.client.TokenResponse;

/** What an OAuth2 connection stores: the token response, the expiry as epoch seconds, the base URL if any. */
final class TokenStorage {

    private TokenStorage() {
    }

    /** {@code previous}: the storage a refresh replaces, whose refresh token is kept when none is issued. */
    static Map<String, Object> of(TokenResponse response, String baseUrl, Map<String, Object> previous) {
        Map<String, Object> storage = new LinkedHashMap<>();
        storage.put("access_token", response.accessToken());
        storage.put("token_type", "Bearer");
        String refresh = response.refreshToken() != null ? response.refreshToken()
                : previous == null ? null : (String) previous.get("refresh_token");
        if (refresh != null) {
            storage.put("refresh_token", refresh);
        }
        if (response.expiresAt() != null) {
            storage.put("expires_at", response.expiresAt().getEpochSecond());
        }
        if (!response.scopes().isEmpty()) {
            storage.put("scope", String.join(" ", response.scopes()));
        }
        if (baseUrl != null && !baseUrl.isEmpty()) {
            storage.put("base_url", baseUrl);
        }
        return storage;
    }
}
