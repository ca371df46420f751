package io.plugboard.provider.support.outbound;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plugboard.api.outbound.ApiClient;
import io.plugboard.api.outbound.ApiIOException;
import io.plugboard.api.outbound.ApiRequest;
import io.plugboard.api.outbound.ApiResponse;
import io.plugboard.api.provider.ActionException;

/**
 * One provider API call as provisioners and actions make it: JSON in, JSON out, and every failure an
 * {@link ActionException} a user can act on — 401/403/404 not retryable (with the provider's own message and what the
 * token needs), 429 and 5xx and an unreachable provider retryable (with {@code Retry-After} when given). The request
 * and the answer are never logged: both may hold the webhook secret.
 */
public final class ProviderCalls {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_MESSAGE = 300;

    private ProviderCalls() {
    }

    /** A JSON body from a tree made with {@link #object()}. */
    public static ApiRequest json(String method, String path, JsonNode body) {
        try {
            return ApiRequest.json(method, path, JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalArgumentException("not serializable as JSON", e);
        }
    }

    public static com.fasterxml.jackson.databind.node.ObjectNode object() {
        return JSON.createObjectNode();
    }

    /**
     * Sends the request and answers its JSON body (a {@code MissingNode} when there is none).
     *
     * @param what       what the call does, for messages: "create the webhook on octo/hello"
     * @param permission what the token needs for it, for 403 messages: "admin:repo_hook"
     * @param missingOk  whether a 404 is an answer (answered as {@code null}) rather than a failure
     */
    public static JsonNode call(ApiClient api, ApiRequest request, String what, String permission, boolean missingOk)
            throws ActionException {
        return send(api, request, what, permission, missingOk, true);
    }

    /**
     * Like {@link #call}, for a request that starts something and must not happen twice (GitHub's
     * {@code workflow_dispatch}, a new pipeline): a failure after the request may have reached the provider - no
     * answer, or a 5xx - is not retryable, and says so; one where it surely did not (connection refused, 429) is.
     */
    public static JsonNode start(ApiClient api, ApiRequest request, String what, String permission)
            throws ActionException {
        return send(api, request, what, permission, false, false);
    }

    private static JsonNode send(ApiClient api, ApiRequest request, String what, String permission, boolean missingOk,
                                 boolean idempotent) throws ActionException {
        try (ApiResponse response = api.send(request)) {
            String text = response.text();
            int status = response.status();
            if (response.successful()) {
                return text == null || text.isBlank() ? JSON.missingNode() : JSON.readTree(text);
            }
            if (status == 404 && missingOk) {
                return null;
            }
            String message = providerMessage(text);
            if (status >= 500 && !idempotent) {
                throw new ActionException("the provider answered " + status + " to '" + what + "'" + message
                        + "; it may have started anyway, so it is not tried again (check at the provider)");
            }
            if (status == 429 || status >= 500) {
                return throwRetryable("the provider answered " + status + " to '" + what + "'" + message,
                        retryAfter(response.header("Retry-After")));
            }
            if (status == 401) {
                throw new ActionException("the provider refused the integration's credential (401) to " + what + message);
            }
            if (status == 403) {
                // GitHub answers 403 with x-ratelimit-remaining: 0 when a rate limit is hit, not a permission problem
                if ("0".equals(response.header("X-RateLimit-Remaining").orElse(null))) {
                    return throwRetryable("the provider's rate limit is used up ('" + what + "')",
                            resetIn(response.header("X-RateLimit-Reset")));
                }
                throw new ActionException("the token lacks " + permission + " to " + what + " (403)" + message);
            }
            if (status == 404) {
                throw new ActionException("not found (404) trying to " + what
                        + ": it does not exist or the token cannot see it (it needs " + permission + ")" + message);
            }
            throw new ActionException("the provider refused to " + what + " (" + status + ")" + message);
        } catch (ActionException e) {
            throw e;
        } catch (IOException e) {
            String why = Optional.ofNullable(e.getMessage()).orElse("connection failed");
            if (!idempotent && !(e instanceof ApiIOException sent && !sent.maybeSent())) {
                throw new ActionException("no answer from the provider to '" + what + "' (" + why + "); the request may "
                        + "have reached it, so it is not tried again (check at the provider)");
            }
            throw ActionException.retryable("could not reach the provider to " + what + ": " + why, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ActionException.retryable("interrupted while trying to " + what, null);
        }
    }

    private static JsonNode throwRetryable(String message, Duration retryAfter) throws ActionException {
        throw ActionException.retryable(message, retryAfter);
    }

    /** ": <message>" from the usual error bodies ({@code message}, {@code error}, {@code error_description}), cut short. */
    static String providerMessage(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode node = JSON.readTree(body);
            for (String field : new String[] {"message", "error_description", "error"}) {
                JsonNode value = node.path(field);
                if (value.isTextual() && !value.asText().isBlank()) {
                    return ": " + cut(value.asText());
                }
                if (value.isObject() || value.isArray()) {
                    return ": " + cut(value.toString());
                }
            }
            return "";
        } catch (IOException e) {
            return "";
        }
    }

    private static String cut(String s) {
        return s.length() <= MAX_MESSAGE ? s : s.substring(0, MAX_MESSAGE) + "…";
    }

    static Duration retryAfter(Optional<String> header) {
        try {
            return header.map(String::trim).map(Long::parseLong).filter(s -> s >= 0).map(Duration::ofSeconds).orElse(null);
        } catch (NumberFormatException e) {
            return null; // an HTTP date: the usual backoff applies
        }
    }

    private static Duration resetIn(Optional<String> epochSeconds) {
        try {
            return epochSeconds.map(String::trim).map(Long::parseLong)
                    .map(reset -> Duration.ofSeconds(Math.max(1, reset - System.currentTimeMillis() / 1000))).orElse(null);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Path segment encoding (e.g. a GitLab project path {@code group/project} → {@code group%2Fproject}). */
    public static String segment(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
