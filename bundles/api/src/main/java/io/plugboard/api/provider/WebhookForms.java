package io.plugboard.api.provider;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Form-encoded webhook bodies ({@code application/x-www-form-urlencoded}): Slack's slash commands and interactivity
 * payloads, GitHub's form content type. Such bodies are small by nature; one is read into memory only up to
 * {@link #MAX_BYTES}.
 *
 * @since 1.3.0
 */
public final class WebhookForms {

    /** The form content type (without parameters). */
    public static final String CONTENT_TYPE = "application/x-www-form-urlencoded";

    /** The largest form body {@link #read} decodes (1 MiB). */
    public static final int MAX_BYTES = 1024 * 1024;

    private WebhookForms() {
    }

    /** Whether the request declares the form content type (parameters such as {@code charset} allowed). */
    public static boolean isForm(WebhookRequest request) {
        String contentType = request.header("Content-Type");
        return contentType != null && contentType.strip().toLowerCase(Locale.ROOT).startsWith(CONTENT_TYPE);
    }

    /**
     * The first value of each of {@code names} present in the form body, decoded as UTF-8 ({@code +} is a space);
     * empty when the body is longer than {@link #MAX_BYTES} or holds a malformed %-escape (in a name, or in a value
     * asked for).
     */
    public static Optional<Map<String, String>> read(WebhookRequest request, Set<String> names) throws IOException {
        return read(request, names, MAX_BYTES);
    }

    /** {@link #read(WebhookRequest, Set)} with another limit than {@link #MAX_BYTES}: the body is held in memory. */
    public static Optional<Map<String, String>> read(WebhookRequest request, Set<String> names, int maxBytes)
            throws IOException {
        if (request.bodyLength() > maxBytes) {
            return Optional.empty();
        }
        byte[] bytes;
        try (InputStream in = request.openBody()) {
            bytes = in.readNBytes((int) Math.min(maxBytes + 1L, Integer.MAX_VALUE - 8)); // one past the limit, to see it
        }
        if (bytes.length > maxBytes) {
            return Optional.empty();
        }
        Map<String, String> found = new LinkedHashMap<>();
        try {
            for (String pair : new String(bytes, StandardCharsets.UTF_8).split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                if (names.contains(name) && !found.containsKey(name)) {
                    found.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
        return Optional.of(found);
    }
}
