package io.plugboard.oauth.internal.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** HTTP and JSON plumbing shared by the client classes. Nothing here logs or echoes a body. */
final class EndpointClient {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
    /** Token, discovery, JWKS and userinfo answers are small; a larger answer is refused. */
    static final int MAX_BODY = 512 * 1024;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() { };

    private EndpointClient() {
    }

    /** 10 s connect timeout, no redirects (an OAuth endpoint that redirects is answered as an error). */
    static HttpClient defaultClient() {
        return HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** A read answer: status, headers and at most {@link #MAX_BODY} bytes of body. */
    record Answer(int status, HttpHeaders headers, byte[] body) {

        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The media type, lower case, without parameters; empty when absent. */
        String mediaType() {
            String value = headers.firstValue("Content-Type").orElse("");
            int semi = value.indexOf(';');
            return (semi < 0 ? value : value.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        }
    }

    /** Sends and reads the answer; I/O failures become {@link OAuthException} naming {@code what}, never a body. */
    static Answer send(HttpClient client, HttpRequest request, String what) throws OAuthException {
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new OAuthException(what + " did not answer in time (" + request.uri().getHost() + ")");
        } catch (IOException e) {
            throw new OAuthException(what + " could not be reached (" + request.uri().getHost() + "): "
                    + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OAuthException(what + " request was interrupted");
        }
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readNBytes(MAX_BODY + 1);
        } catch (IOException e) {
            throw new OAuthException(what + " answer could not be read: " + e.getClass().getSimpleName());
        }
        if (body.length > MAX_BODY) {
            throw new OAuthException(what + " answer is larger than " + MAX_BODY + " bytes");
        }
        return new Answer(response.statusCode(), response.headers(), body);
    }

    static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT);
    }

    /** A JSON object, or null when the body is not one. Parser messages are never surfaced (they quote the body). */
    static Map<String, Object> jsonObject(byte[] body) {
        int i = 0;
        while (i < body.length && Character.isWhitespace(body[i])) {
            i++;
        }
        if (i == body.length || body[i] != '{') {
            return null;
        }
        try {
            return MAPPER.readValue(body, MAP);
        } catch (IOException e) {
            return null;
        }
    }

    /** {@code application/x-www-form-urlencoded} body: {@code a=1&b=2}. */
    static String form(Map<String, String> params) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(formEncode(e.getKey())).append('=').append(formEncode(e.getValue()));
        }
        return sb.toString();
    }

    static String formEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Query-component encoding: like form encoding but a space is {@code %20}. */
    static String queryEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static Map<String, Object> parseForm(String body) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String pair : body.trim().split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(key, value);
        }
        return out;
    }

    static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("127.0.0.1") || h.equals("[::1]") || h.equals("::1");
    }

    /**
     * An absolute endpoint URL: https, or http for localhost / 127.0.0.1 only; a host; no user info, no fragment.
     *
     * @throws IllegalArgumentException naming {@code what}
     */
    static URI absoluteUrl(String value, String what) {
        URI uri = parse(value, what);
        if (!uri.isAbsolute() || uri.getRawAuthority() == null) {
            throw new IllegalArgumentException(what + " must be an absolute URL: " + value);
        }
        requireSecureScheme(uri, what, value);
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException(what + " has no host: " + value);
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(what + " must not contain user info");
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException(what + " must not contain a fragment: " + value);
        }
        return uri;
    }

    static void requireSecureScheme(URI uri, String what, String value) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            return;
        }
        if (scheme.equals("http") && isLoopback(uri.getHost())) {
            return;
        }
        throw new IllegalArgumentException(what + " must use https (http only for localhost): " + value);
    }

    static URI parse(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        try {
            return new URI(value.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(what + " is not a valid URL: " + value);
        }
    }

    /** The URL of an endpoint held by an {@link OAuthServer}, re-checked before a request carries secrets to it. */
    static URI endpoint(String value, String what) throws OAuthException {
        try {
            return absoluteUrl(value, what);
        } catch (IllegalArgumentException e) {
            throw new OAuthException(e.getMessage());
        }
    }
}
