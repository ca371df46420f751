package io.plugboard.api.connection;

import java.util.Map;
import java.util.Objects;

/**
 * How to check that a connection works and whom it belongs to: a GET of {@link #url()} with {@link #headers()}.
 * For OAuth tokens the token is sent as {@code Authorization: Bearer ...}; for Form connections the URL and header
 * values may name input fields as {@code ${input.<field>}}.
 *
 * @param url             absolute http(s) URL (may hold {@code ${input.<field>}})
 * @param headers         header name to value (values may hold {@code ${input.<field>}})
 * @param userInfoMapping OpenID Connect claim name ({@code sub}, {@code name}, {@code email}, ...) to a JSON Pointer
 *                        (RFC 6901, starts with {@code /}) for JSON answers or an XPath expression for XML answers
 */
public record Probe(String url, Map<String, String> headers, Map<String, String> userInfoMapping) {

    public Probe {
        Objects.requireNonNull(url, "url");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        userInfoMapping = userInfoMapping == null ? Map.of() : Map.copyOf(userInfoMapping);
    }
}
