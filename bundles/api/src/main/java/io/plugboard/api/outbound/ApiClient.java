package io.plugboard.api.outbound;

import java.io.IOException;
import java.net.URI;

import org.osgi.annotation.versioning.ProviderType;

/** Sends requests to one integration's provider API with its credential. Thread-safe. */
@ProviderType
public interface ApiClient {

    /** The API base every request's path is resolved under, e.g. {@code https://api.github.com}. */
    URI baseUrl();

    /**
     * Sends one request. The caller's {@code Authorization} and hop-by-hop headers are dropped and the integration's
     * credential set instead; when the credential is an OAuth connection and the provider answers 401, the token is
     * refreshed and the request sent once more (only if its body can be sent again).
     *
     * @throws InvalidApiPathException when the path would leave the API base
     * @throws IOException             when the provider could not be reached or the answer could not be read;
     *                                 {@link ApiIOException#maybeSent()} tells whether the request may have arrived
     */
    ApiResponse send(ApiRequest request) throws IOException, InterruptedException;
}
