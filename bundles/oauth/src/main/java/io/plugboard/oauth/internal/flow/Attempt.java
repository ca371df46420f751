package io.plugboard.oauth.internal.flow;

import java.time.Instant;

import io.plugboard.api.connection.ConnectionTypeRef;
import io.plugboard.api.resource.Scope;

/** One row of {@code plugboard_oauth_attempt}. */
record Attempt(String id, String provider, ConnectionTypeRef type, String name, String source, Scope scope,
               String baseUrl, String environment, String redirectUri, String codeVerifier, String nonce,
               String browserHash, Status status, String reason, String connectionUid, Instant createdAt,
               Instant expiresAt) {

    enum Status { PENDING, LOGIN, EXCHANGING, DONE, FAILED }

    boolean expired(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
