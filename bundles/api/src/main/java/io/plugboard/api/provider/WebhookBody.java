package io.plugboard.api.provider;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The raw body of a webhook delivery, which may be larger than what should be held in memory: the server spools a
 * large body to disk while it is received, and verifiers read it as a stream ({@link #open()}), as often as they need.
 *
 * @since 1.2.0
 */
@ProviderType
public interface WebhookBody {

    /** The body's length in bytes. */
    long length();

    /** A new stream over the whole body, from its first byte; the caller closes it. */
    InputStream open() throws IOException;

    /** A body held in memory (the array is not copied: do not change it afterwards). */
    static WebhookBody of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return new WebhookBody() {
            @Override
            public long length() {
                return bytes.length;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(bytes);
            }
        };
    }
}
