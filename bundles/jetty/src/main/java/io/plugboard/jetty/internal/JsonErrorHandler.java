package io.plugboard.jetty.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's server error handler (set in {@code etc/jetty.xml}) answering with Plugboard's error body,
 * {@code {"error": code, "message": text}}: for requests Jetty refuses before any servlet sees them (an ambiguous
 * path such as {@code /webhooks/..%2f..%2fetc/x}, a malformed header: {@link #badMessageError}) and for errors a
 * servlet left to the container. The message is Jetty's reason for a 4xx and a fixed sentence for a 5xx, so that no
 * exception text reaches the client.
 */
public class JsonErrorHandler extends ErrorHandler {

    private static final Map<Integer, String> CODES = Map.ofEntries(Map.entry(400, "bad_request"),
            Map.entry(401, "unauthorized"), Map.entry(403, "forbidden"), Map.entry(404, "not_found"),
            Map.entry(405, "method_not_allowed"), Map.entry(406, "not_acceptable"), Map.entry(408, "request_timeout"),
            Map.entry(411, "length_required"), Map.entry(413, "too_large"), Map.entry(414, "uri_too_long"),
            Map.entry(415, "unsupported_media_type"), Map.entry(431, "headers_too_large"),
            Map.entry(500, "internal_error"), Map.entry(501, "not_implemented"), Map.entry(503, "unavailable"),
            Map.entry(505, "http_version_not_supported"));

    public JsonErrorHandler() {
        setShowStacks(false);
        setShowServlet(false);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body(status, reason).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
                                              HttpServletResponse response, int code, String message) throws IOException {
        baseRequest.setHandled(true);
        response.setContentType("application/json");
        response.setCharacterEncoding("utf-8");
        PrintWriter out = response.getWriter();
        out.write(body(code, message));
        out.flush();
    }

    /** The JSON error body for a status and Jetty's reason. */
    static String body(int status, String reason) {
        String code = CODES.getOrDefault(status, "http_" + status);
        String text;
        if (status >= 500) {
            text = "The server could not answer this request.";
        } else if (reason == null || reason.isBlank() || reason.contains("Exception") || reason.contains("\tat ")) {
            text = HttpStatus.getMessage(status) + ".";
        } else {
            text = reason.endsWith(".") ? reason : reason + ".";
        }
        return "{\"error\":\"" + code + "\",\"message\":\"" + escape(text) + "\"}";
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '<' -> b.append("\\u003c");
                case '>' -> b.append("\\u003e");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
