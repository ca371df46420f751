package io.plugboard.oauth.internal.client;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Talks to the token endpoint (RFC 6749 sections 4.1.3 and 6) and the revocation endpoint (RFC 7009).
 *
 * <p>Requests are {@code application/x-www-form-urlencoded} with {@code Accept: application/json}; answers may be
 * JSON or, as GitHub's can be, form-encoded. OAuth error answers ({@code {"error": ...}}, also with HTTP 200 as GitHub
 * and Slack send them) become {@link OAuthErrorException}; anything else that goes wrong becomes
 * {@link OAuthException}. No message ever contains a token, code, secret or verifier: values the client sent are
 * scrubbed from server-provided descriptions, and bodies are never quoted. Thread-safe.
 */
public final class TokenClient {

    private static final Logger LOG = LoggerFactory.getLogger(TokenClient.class);
    private static final int MAX_DESCRIPTION = 300;

    private final HttpClient http;
    private final Clock clock;

    /** A JDK HttpClient with a 10 s connect timeout and no redirects; 20 s per request. */
    public TokenClient() {
        this(EndpointClient.defaultClient(), Clock.systemUTC());
    }

    /** @param http the client to use (set a connect timeout on it); requests get a 20 s timeout each */
    public TokenClient(HttpClient http) {
        this(http, Clock.systemUTC());
    }

    public TokenClient(HttpClient http, Clock clock) {
        this.http = Objects.requireNonNull(http, "http");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Exchanges an authorization code (grant_type=authorization_code, with the PKCE verifier).
     *
     * @param redirectUri exactly the redirect_uri of the authorization request
     * @throws OAuthErrorException for an OAuth error answer ({@code invalid_grant}: code used, expired, or the
     *                             verifier does not match)
     * @throws OAuthException      for any other failure, or a response without access_token or with a token type
     *                             other than Bearer
     */
    public TokenResponse exchangeCode(OAuthServer server, ClientCredentials client, String code, String redirectUri,
                                      String codeVerifier) throws OAuthException {
        requireValue(code, "authorization code");
        requireValue(redirectUri, "redirect URI");
        requireValue(codeVerifier, "PKCE verifier");
        Map<String, String> params = new LinkedHashMap<>();
        params.put("grant_type", "authorization_code");
        params.put("code", code);
        params.put("redirect_uri", redirectUri);
        params.put("code_verifier", codeVerifier);
        return tokenRequest(server, client, params, List.of(code, codeVerifier));
    }

    /**
     * Refreshes (grant_type=refresh_token). The answer's {@code refreshToken} is null when the server keeps the old
     * one; store a new one when present (rotation).
     *
     * @throws OAuthErrorException {@code invalid_grant} when the refresh token is expired or revoked
     */
    public TokenResponse refresh(OAuthServer server, ClientCredentials client, String refreshToken)
            throws OAuthException {
        requireValue(refreshToken, "refresh token");
        Map<String, String> params = new LinkedHashMap<>();
        params.put("grant_type", "refresh_token");
        params.put("refresh_token", refreshToken);
        return tokenRequest(server, client, params, List.of(refreshToken));
    }

    /**
     * Revokes a token (RFC 7009).
     *
     * @param tokenTypeHint {@code refresh_token}, {@code access_token}, or null
     * @throws OAuthException when the server has no revocation endpoint or does not answer 2xx (or answers an OAuth
     *                        error, e.g. Slack's {@code {"ok": false}})
     */
    public void revoke(OAuthServer server, ClientCredentials client, String token, String tokenTypeHint)
            throws OAuthException {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(client, "client");
        requireValue(token, "token");
        if (server.revocationEndpoint() == null) {
            throw new OAuthException("the server has no token revocation endpoint (RFC 7009)");
        }
        URI endpoint = EndpointClient.endpoint(server.revocationEndpoint(), "revocation endpoint");
        Map<String, String> params = new LinkedHashMap<>();
        params.put("token", token);
        if (tokenTypeHint != null && !tokenTypeHint.isEmpty()) {
            params.put("token_type_hint", tokenTypeHint);
        }
        EndpointClient.Answer answer = post(endpoint, client, params, "revocation endpoint");
        List<String> sent = secretsOf(client, List.of(token));
        Map<String, Object> body = parseBody(answer);
        if (body != null) {
            throwIfError(body, answer.status(), sent);
        }
        if (!answer.ok()) {
            throw new OAuthException("revocation endpoint answered HTTP " + answer.status());
        }
        LOG.debug("Token revoked at {}", endpoint.getHost());
    }

    private TokenResponse tokenRequest(OAuthServer server, ClientCredentials client, Map<String, String> params,
                                       List<String> sentSecrets) throws OAuthException {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(client, "client");
        URI endpoint = EndpointClient.endpoint(server.tokenEndpoint(), "token endpoint");
        Instant sentAt = clock.instant();
        EndpointClient.Answer answer = post(endpoint, client, params, "token endpoint");
        List<String> sent = secretsOf(client, sentSecrets);
        Map<String, Object> body = parseBody(answer);
        if (body == null) {
            throw new OAuthException("token endpoint answered HTTP " + answer.status()
                    + (answer.mediaType().isEmpty() ? "" : " with " + answer.mediaType()) + ", not a token response");
        }
        throwIfError(body, answer.status(), sent);
        if (!answer.ok()) {
            throw new OAuthException("token endpoint answered HTTP " + answer.status());
        }
        TokenResponse response = toTokenResponse(body, sentAt);
        LOG.debug("Token endpoint {} issued a {} token (refresh token: {}, expires: {})", endpoint.getHost(),
                response.tokenType(), response.refreshToken() != null, response.expiresAt());
        return response;
    }

    /**
     * {@link io.plugboard.api.provider.OAuthServerSpec.Revocation#APPLICATION_TOKEN_API}. GitHub has no RFC 7009
     * endpoint; an OAuth app deletes a user's token with
     * {@code DELETE <api>/applications/{client_id}/token} (Basic auth with the app's id and secret, JSON body
     * {@code {"access_token": ...}}), answered 204. {@code apiBase} is {@code https://api.github.com}, or
     * {@code <base>/api/v3} for GitHub Enterprise Server.
     *
     * @throws OAuthException when GitHub does not answer 204 (404: the token was not found, e.g. already revoked)
     */
    public void revokeApplicationToken(String apiBase, ClientCredentials client, String accessToken) throws OAuthException {
        requireValue(accessToken, "access token");
        String base = apiBase.endsWith("/") ? apiBase.substring(0, apiBase.length() - 1) : apiBase;
        URI endpoint = EndpointClient.endpoint(base + "/applications/" + EndpointClient.queryEncode(client.clientId()) + "/token",
                "token deletion API");
        String json = "{\"access_token\":\"" + accessToken.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        HttpRequest request = EndpointClient.request(endpoint).header("Accept", "application/vnd.github+json")
                .header("Content-Type", "application/json").header("Authorization", basic(client))
                .method("DELETE", HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
        EndpointClient.Answer answer = EndpointClient.send(http, request, "token deletion API");
        if (answer.status() != 204) {
            throw new OAuthException("GitHub answered HTTP " + answer.status() + " to the token deletion"
                    + (answer.status() == 404 ? " (token not found: already revoked, or another app's)" : ""));
        }
        LOG.debug("GitHub token deleted at {}", endpoint.getHost());
    }

    private EndpointClient.Answer post(URI endpoint, ClientCredentials client, Map<String, String> params, String what)
            throws OAuthException {
        Map<String, String> form = new LinkedHashMap<>(params);
        HttpRequest.Builder request = EndpointClient.request(endpoint)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json");
        switch (client.authMethod()) {
            case CLIENT_SECRET_BASIC -> request.header("Authorization", basic(client));
            case CLIENT_SECRET_POST -> {
                form.put("client_id", client.clientId());
                form.put("client_secret", client.clientSecret());
            }
            case NONE -> form.put("client_id", client.clientId());
            default -> throw new IllegalStateException();
        }
        request.POST(HttpRequest.BodyPublishers.ofString(EndpointClient.form(form), StandardCharsets.UTF_8));
        return EndpointClient.send(http, request.build(), what);
    }

    /** RFC 6749 2.3.1: id and secret are form-encoded before they are joined with ':' and base64-encoded. */
    static String basic(ClientCredentials client) {
        String pair = EndpointClient.formEncode(client.clientId()) + ":" + EndpointClient.formEncode(client.clientSecret());
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    /** JSON object, or a form-encoded body (GitHub without Accept, some older servers); null otherwise. */
    private static Map<String, Object> parseBody(EndpointClient.Answer answer) {
        String media = answer.mediaType();
        if (media.equals("application/x-www-form-urlencoded")) {
            return EndpointClient.parseForm(new String(answer.body(), StandardCharsets.UTF_8));
        }
        return EndpointClient.jsonObject(answer.body());
    }

    private static void throwIfError(Map<String, Object> body, int status, List<String> sent)
            throws OAuthErrorException {
        Object error = body.get("error");
        boolean slackFailure = Boolean.FALSE.equals(body.get("ok"));
        if (error == null && !slackFailure) {
            return;
        }
        String code = error instanceof String s && !s.isBlank() ? scrub(s, sent) : "unknown_error";
        Object description = body.get("error_description");
        throw new OAuthErrorException(code, description instanceof String d ? scrub(d, sent) : null, status);
    }

    private TokenResponse toTokenResponse(Map<String, Object> body, Instant sentAt) throws OAuthException {
        String accessToken = string(body.get("access_token"));
        if (accessToken == null || accessToken.isEmpty()) {
            throw new OAuthException("token response has no access_token");
        }
        String tokenType = string(body.get("token_type"));
        if (tokenType == null || tokenType.isEmpty()) {
            throw new OAuthException("token response has no token_type (expected Bearer)");
        }
        if (!tokenType.equalsIgnoreCase("bearer") && !isSlackBearer(body, tokenType)) {
            String shown = safe(tokenType.length() > 40 ? tokenType.substring(0, 40) : tokenType);
            throw new OAuthException("token type '" + shown + "' is not Bearer; only bearer tokens (RFC 6750) are"
                    + " supported");
        }
        Instant expiresAt = null;
        Object expiresIn = body.get("expires_in");
        if (expiresIn != null) {
            try {
                long seconds = new BigDecimal(String.valueOf(expiresIn).trim()).longValueExact();
                expiresAt = sentAt.plusSeconds(Math.max(0, seconds));
            } catch (NumberFormatException | ArithmeticException e) {
                LOG.debug("Ignoring a non-integer expires_in in a token response");
            }
        }
        List<String> scopes = new ArrayList<>();
        String scope = string(body.get("scope"));
        if (scope != null) {
            // RFC 6749 separates with spaces; GitHub and Slack with commas
            for (String s : scope.split("[\\s,]+")) {
                if (!s.isEmpty() && !scopes.contains(s)) {
                    scopes.add(s);
                }
            }
        }
        String refreshToken = string(body.get("refresh_token"));
        String idToken = string(body.get("id_token"));
        return new TokenResponse(accessToken, tokenType, refreshToken == null || refreshToken.isEmpty() ? null
                : refreshToken, expiresAt, scopes, idToken == null || idToken.isEmpty() ? null : idToken, body);
    }

    /** Slack's oauth.v2.access answers {@code "ok": true, "token_type": "bot"} (or "user"); those are bearer tokens. */
    private static boolean isSlackBearer(Map<String, Object> body, String tokenType) {
        String t = tokenType.toLowerCase(Locale.ROOT);
        return Boolean.TRUE.equals(body.get("ok")) && (t.equals("bot") || t.equals("user"));
    }

    private static List<String> secretsOf(ClientCredentials client, List<String> values) {
        List<String> out = new ArrayList<>(values);
        if (client.clientSecret() != null) {
            out.add(client.clientSecret());
        }
        return out;
    }

    /** A server-provided text, without any value the client sent, without control characters, bounded. */
    static String scrub(String text, List<String> sent) {
        String out = text;
        for (String s : sent) {
            if (s != null && s.length() >= 4) {
                out = out.replace(s, "[redacted]");
            }
        }
        return safe(out);
    }

    /** Control characters replaced by spaces, at most MAX_DESCRIPTION characters. */
    private static String safe(String s) {
        String out = s.replaceAll("\\p{Cntrl}", " ");
        return out.length() > MAX_DESCRIPTION ? out.substring(0, MAX_DESCRIPTION) + "..." : out;
    }

    private static String string(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof String s ? s : String.valueOf(value);
    }

    private static void requireValue(String value, String what) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(what + " is missing");
        }
    }
}
