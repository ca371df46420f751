package io.plugboard.api.outbound;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One request to a provider API.
 *
 * @param method  GET, POST, PUT, PATCH or DELETE
 * @param path    relative to the API base, with its query if any (e.g. {@code repos/o/r/hooks?per_page=100})
 * @param headers header name → values; names compare case-insensitively
 * @param body    the body, or {@code null} for none
 */
public record ApiRequest(String method, String path, Map<String, List<String>> headers, byte[] body) {

    /** The methods a request may use. */
    public static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

    public ApiRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        method = method.toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("Method " + method + " is not one of " + METHODS);
        }
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public static ApiRequest get(String path) {
        return new ApiRequest("GET", path, Map.of(), null);
    }

    public static ApiRequest delete(String path) {
        return new ApiRequest("DELETE", path, Map.of(), null);
    }

    /** A request with a JSON body. */
    public static ApiRequest json(String method, String path, String json) {
        return new ApiRequest(method, path, Map.of("Content-Type", List.of("application/json")),
                json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
