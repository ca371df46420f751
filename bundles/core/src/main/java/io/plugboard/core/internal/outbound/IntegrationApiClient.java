package io.plugboard.core.internal.outbound;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

import io.plugboard.api.outbound.ApiClient;
import io.plugboard.api.outbound.ApiEndpoint;
import io.plugboard.api.outbound.ApiIOException;
import io.plugboard.api.outbound.ApiRequest;
import io.plugboard.api.outbound.ApiResponse;
import io.plugboard.api.outbound.OutboundRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One integration's API: its base, its credential, one refresh and retry after a 401 for OAuth tokens. */
final class IntegrationApiClient implements ApiClient {

    /** Never forwarded: the credential is ours, and these belong to one hop or are set by the HTTP client. */
    static final Set<String> DROPPED_REQUEST_HEADERS = Set.of("authorization", "connection", "keep-alive",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host",
            "content-length", "expect", "cookie", "forwarded", "x-forwarded-for", "x-forwarded-host",
            "x-forwarded-proto");

    /** Fetches the current token, and a refreshed one after a 401 ({@code null} when it cannot be refreshed). */
    interface Credential {
        String token();

        /** A new token after the provider refused {@code rejected}; {@code null} when this credential cannot refresh. */
        String refreshed(String rejected);

        /**
         * The headers that present {@code token} on {@code request}; {@code null}: {@code Authorization: <scheme> <token>}.
         */
        default Map<String, String> sign(String token, OutboundRequest request) {
            return null;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(IntegrationApiClient.class);

    private final HttpClient http;
    private final ApiEndpoint endpoint;
    private final Credential credential;
    private final Duration timeout;
    private final String integration;

    IntegrationApiClient(HttpClient http, ApiEndpoint endpoint, Credential credential, Duration timeout,
                         String integration) {
        this.http = http;
        this.endpoint = endpoint;
        this.credential = credential;
        this.timeout = timeout;
        this.integration = integration;
    }

    @Override
    public URI baseUrl() {
        return endpoint.baseUrl();
    }

    @Override
    public ApiResponse send(ApiRequest request) throws IOException, InterruptedException {
        URI target = ApiPaths.resolve(endpoint.baseUrl(), request.path());
        String token;
        try {
            token = credential.token();
        } catch (IssuedTokens.IssueFailure f) {
            if (f.retryable()) { // the request itself has not been sent: safe to try again
                throw new ApiIOException("No token for " + integration + " yet: " + f.getMessage(), false, f);
            }
            throw f;
        }
        HttpResponse<InputStream> response = exchange(request, target, token);
        if (response.statusCode() == 401 && token != null) {
            String refreshed = credential.refreshed(token);
            if (refreshed != null) {
                response.body().close();
                LOG.info("{} {} for integration {} answered 401; sending it again with a refreshed token",
                        request.method(), target.getRawPath(), integration);
                response = exchange(request, target, refreshed);
            }
        }
        return new ApiResponse(response.statusCode(), lowerCase(response.headers().map()), response.body());
    }

    private HttpResponse<InputStream> exchange(ApiRequest request, URI target, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(target).timeout(timeout);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        request.headers().forEach((name, values) -> {
            if (!DROPPED_REQUEST_HEADERS.contains(name.toLowerCase(Locale.ROOT))
                    && !name.toLowerCase(Locale.ROOT).startsWith("x-plugboard-")) {
                headers.put(name, List.copyOf(values));
            }
        });
        endpoint.headers().forEach((name, value) -> {
            if (request.headers().keySet().stream().noneMatch(name::equalsIgnoreCase)) {
                headers.put(name, List.of(value));
            }
        });
        if (token != null) {
            Map<String, String> signed = credential.sign(token, new OutboundRequest(request.method(), target, headers,
                    request.body()));
            if (signed == null) {
                headers.put("Authorization", List.of(endpoint.authorizationScheme() + " " + token));
            } else {
                signed.forEach((name, value) -> {
                    headers.keySet().removeIf(name::equalsIgnoreCase);
                    headers.put(name, List.of(value));
                });
            }
        }
        headers.forEach((name, values) -> values.forEach(v -> builder.header(name, v)));
        builder.method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        try {
            return http.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new ApiIOException("Could not connect to " + endpoint.baseUrl() + ": " + describe(e), false, e);
        } catch (IOException e) {
            boolean unresolved = e.getCause() instanceof UnresolvedAddressException;
            throw new ApiIOException((unresolved ? "Unknown host in " : "No answer from ") + endpoint.baseUrl()
                    + ": " + describe(e), !unresolved, e);
        }
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static Map<String, List<String>> lowerCase(Map<String, List<String>> headers) {
        Map<String, List<String>> out = new TreeMap<>();
        headers.forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        return out;
    }
}
