package io.plugboard.api.outbound;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where a provider's API is for one integration, and how a credential is presented to it.
 *
 * @param baseUrl             the API base, e.g. {@code https://api.github.com}
 * @param authorizationScheme the scheme of the {@code Authorization} header, e.g. {@code Bearer}, or
 *                            {@code Token} for Semaphore
 * @param headers             headers every request carries unless the caller sets them (an {@code Accept}, an API
 *                            version, a {@code User-Agent} the provider requires)
 */
public record ApiEndpoint(URI baseUrl, String authorizationScheme, Map<String, String> headers) {

    public ApiEndpoint {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(authorizationScheme, "authorizationScheme");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        String scheme = baseUrl.getScheme();
        if (!"https".equals(scheme) && !"http".equals(scheme) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("An API base is an http(s) URL with a host, not " + baseUrl);
        }
    }

    public ApiEndpoint(URI baseUrl, String authorizationScheme) {
        this(baseUrl, authorizationScheme, Map.of());
    }

    /** This endpoint with one more default header. */
    public ApiEndpoint withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new ApiEndpoint(baseUrl, authorizationScheme, more);
    }

    /** {@code base} with a trailing slash removed and {@code path} appended, e.g. {@code ("https://h/", "/api/v4")}. */
    public static ApiEndpoint of(String base, String path, String authorizationScheme) {
        String b = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return new ApiEndpoint(URI.create(b + path), authorizationScheme);
    }
}
