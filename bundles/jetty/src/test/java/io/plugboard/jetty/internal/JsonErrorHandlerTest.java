package io.plugboard.jetty.internal;

import static org.junit.Assert.assertEquals;

import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.Test;

public class JsonErrorHandlerTest {

    @Test
    public void aBadMessageIsTheJsonErrorBody() {
        HttpFields fields = new HttpFields();
        java.nio.ByteBuffer body = new JsonErrorHandler().badMessageError(400, "Ambiguous URI path separator", fields);
        assertEquals("application/json", fields.get(HttpHeader.CONTENT_TYPE));
        assertEquals("{\"error\":\"bad_request\",\"message\":\"Ambiguous URI path separator.\"}",
                StandardCharsets.UTF_8.decode(body).toString());
    }

    @Test
    public void noExceptionTextAndNoMarkupReachTheClient() {
        assertEquals("{\"error\":\"internal_error\",\"message\":\"The server could not answer this request.\"}",
                JsonErrorHandler.body(500, "java.lang.IllegalStateException: secret detail"));
        assertEquals("{\"error\":\"bad_request\",\"message\":\"Bad Request.\"}",
                JsonErrorHandler.body(400, "org.example.SomeException: x"));
        assertEquals("{\"error\":\"headers_too_large\",\"message\":\"Request Header Fields Too Large.\"}",
                JsonErrorHandler.body(431, null));
        assertEquals("{\"error\":\"http_418\",\"message\":\"a \\\"quoted\\\" \\u003cb\\u003e\\\\.\"}",
                JsonErrorHandler.body(418, "a \"quoted\" <b>\\"));
    }
}
