package io.plugboard.api.outbound;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A provider's answer, its body as a stream that the caller must close (closing the response closes it).
 *
 * @param headers lower-case header name → values
 */
public record ApiResponse(int status, Map<String, List<String>> headers, InputStream body) implements AutoCloseable {

    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** Reads the whole body as UTF-8 text and closes it. */
    public String text() throws IOException {
        try (InputStream in = body) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    public boolean successful() {
        return status / 100 == 2;
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}
