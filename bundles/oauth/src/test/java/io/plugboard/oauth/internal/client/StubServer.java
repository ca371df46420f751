package io.plugboard.oauth.internal.client;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A JDK HttpServer on 127.0.0.1 that records requests and answers what the test says. */
final class StubServer implements AutoCloseable {

    record Recorded(String method, URI uri, Headers headers, String body) {

        String header(String name) {
            return headers.getFirst(name);
        }

        Map<String, Object> form() {
            return EndpointClient.parseForm(body);
        }
    }

    record Reply(int status, Map<String, String> headers, String body) {

        static Reply json(int status, String body) {
            return new Reply(status, Map.of("Content-Type", "application/json;charset=UTF-8"), body);
        }

        static Reply of(int status, String contentType, String body) {
            return new Reply(status, Map.of("Content-Type", contentType), body);
        }
    }

    private final HttpServer server;
    final List<Recorded> requests = new CopyOnWriteArrayList<>();
    volatile Function<Recorded, Reply> handler = r -> Reply.json(404, "{}");

    StubServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Recorded recorded = new Recorded(exchange.getRequestMethod(), exchange.getRequestURI(),
                        exchange.getRequestHeaders(), body);
                requests.add(recorded);
                Reply reply = handler.apply(recorded);
                reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
                byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
                if (bytes.length > 0) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(bytes);
                    }
                }
            }
        });
        server.start();
    }

    /** {@code http://127.0.0.1:<port><path>} */
    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    Recorded last() {
        return requests.get(requests.size() - 1);
    }

    long count(String path) {
        return requests.stream().filter(r -> r.uri().getPath().equals(path)).count();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
