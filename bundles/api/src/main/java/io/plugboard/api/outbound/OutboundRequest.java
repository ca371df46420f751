package io.plugboard.api.outbound;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A request as Plugboard is about to send it to a provider: its absolute URI, every header it carries (the caller's and
 * the endpoint's defaults, without the credential), and its body. What a {@code CredentialIssuer} signs.
 *
 * @param method  GET, POST, PUT, PATCH or DELETE
 * @param uri     the absolute target, with its query
 * @param headers header name → values as they are sent (names as given; compare them case-insensitively)
 * @param body    the body; empty for none
 * @since 1.1.0
 */
public record OutboundRequest(String method, URI uri, Map<String, List<String>> headers, byte[] body) {

    public OutboundRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }
}
