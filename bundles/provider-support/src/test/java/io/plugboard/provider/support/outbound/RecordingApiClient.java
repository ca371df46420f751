package io.plugboard.provider.support.outbound;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import io.plugboard.api.outbound.ApiClient;
import io.plugboard.api.outbound.ApiIOException;
import io.plugboard.api.outbound.ApiRequest;
import io.plugboard.api.outbound.ApiResponse;

/**
 * An {@link ApiClient} for unit tests of provisioners and actions: answers queued answers in order and records each
 * request as {@code "METHOD path"} with its body. The integration tests check the same calls against WireMock.
 */
public final class RecordingApiClient implements ApiClient {

    public final List<String> calls = new ArrayList<>();
    public final List<String> bodies = new ArrayList<>();
    private final Deque<Object> answers = new ArrayDeque<>();

    /** The next answer: {@code status} with a JSON (or empty) body and headers. */
    public RecordingApiClient answer(int status, String body, String... headerPairs) {
        answers.add(new Object[] {status, body, headerPairs});
        return this;
    }

    /** The next request fails as an unreachable provider would. */
    public RecordingApiClient unreachable() {
        answers.add(new ApiIOException("Connection refused", false, null));
        return this;
    }

    @Override
    public URI baseUrl() {
        return URI.create("https://api.example");
    }

    @Override
    public ApiResponse send(ApiRequest request) throws IOException {
        calls.add(request.method() + " " + request.path());
        bodies.add(request.body() == null ? "" : new String(request.body(), StandardCharsets.UTF_8));
        Object next = answers.poll();
        if (next == null) {
            throw new AssertionError("no answer queued for " + request.method() + " " + request.path());
        }
        if (next instanceof IOException e) {
            throw e;
        }
        Object[] a = (Object[]) next;
        String[] pairs = (String[]) a[2];
        Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            headers.put(pairs[i], List.of(pairs[i + 1]));
        }
        String body = a[1] == null ? "" : (String) a[1];
        return new ApiResponse((Integer) a[0], headers, new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }
}
