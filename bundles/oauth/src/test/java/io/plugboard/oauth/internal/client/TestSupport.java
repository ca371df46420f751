package io.plugboard.oauth.internal.client;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.Assert.assertEquals;

final class TestSupport {

    private TestSupport() {
    }

    /** The query parameters of a URI, decoded. */
    static Map<String, String> query(URI uri) {
        Map<String, String> out = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    /**
     * Plays the browser at the authorization endpoint: mock-oauth2-server logs in non-interactively and redirects to
     * the redirect_uri; the redirect is not followed, its Location is returned.
     */
    static URI authorize(URI authorizationUrl) throws Exception {
        HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> response = browser.send(HttpRequest.newBuilder(authorizationUrl).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("authorization endpoint should redirect", 302, response.statusCode());
        return URI.create(response.headers().firstValue("Location").orElseThrow());
    }
}
