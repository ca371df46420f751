package io.plugboard.shell.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.plugboard.api.event.Attempt;
import io.plugboard.api.event.Delivery;

/** Text of events for the commands: bodies (pretty JSON, text, or a note for binary) and deliveries. */
final class EventText {

    /** Bodies longer than this (UTF-8 bytes, as printed) are cut, with a note. */
    static final int MAX_BODY_BYTES = 4096;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectReader READER = MAPPER.readerFor(JsonNode.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final ObjectWriter PRETTY;

    static {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                        .withObjectEmptySeparator("")
                        .withArrayEmptySeparator(""));
        printer.indentObjectsWith(indenter);
        printer.indentArraysWith(indenter);
        PRETTY = MAPPER.writer(printer);
    }

    private EventText() {
    }

    /**
     * The body as printed: pretty-printed when it is JSON, as is when it is UTF-8 text, else a one-line note; cut after
     * {@link #MAX_BODY_BYTES} with a note saying how much was shown.
     */
    static String body(String eventId, byte[] body) {
        byte[] bytes = body == null ? new byte[0] : body;
        if (bytes.length == 0) {
            return "(empty)";
        }
        String text = prettyJson(bytes);
        if (text == null) {
            text = utf8(bytes);
        }
        if (text == null) {
            return "(" + bytes.length + " bytes, not UTF-8 text; GET /api/v1/events/" + eventId
                    + " has them in base64)";
        }
        byte[] printed = text.getBytes(StandardCharsets.UTF_8);
        if (printed.length <= MAX_BODY_BYTES) {
            return text;
        }
        String head = prefix(text, MAX_BODY_BYTES);
        int lastLine = head.lastIndexOf('\n');
        if (lastLine > 0) {
            head = head.substring(0, lastLine);
        }
        return head + "\n... (truncated: " + head.getBytes(StandardCharsets.UTF_8).length + " of " + printed.length
                + " bytes shown; GET /api/v1/events/" + eventId + " has the whole body)";
    }

    /** The JSON value, pretty-printed; {@code null} when the bytes are not exactly one JSON value. */
    static String prettyJson(byte[] bytes) {
        try {
            JsonNode node = READER.readValue(bytes);
            return node == null || node.isMissingNode() ? null : PRETTY.writeValueAsString(node);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The longest prefix of whole characters that fits in {@code maxBytes} of UTF-8. */
    private static String prefix(String text, int maxBytes) {
        int bytes = 0;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            i += Character.charCount(cp);
        }
        return text.substring(0, i);
    }

    /** {@code dl-1 -> eventsource/pushes (default/canvas-1)}. */
    static String target(Delivery d) {
        return d.id() + " -> " + (d.eventSource() == null ? "-" : Format.label(d.eventSource()));
    }

    /** {@code pending, 2 attempts, next attempt 2024-05-01T10:00:30Z}. */
    static String state(Delivery d) {
        StringBuilder s = new StringBuilder(d.status() == null ? "-" : d.status().label());
        s.append(", ").append(d.attempts()).append(d.attempts() == 1 ? " attempt" : " attempts");
        if (d.nextAttemptAt() != null) {
            s.append(", next attempt ").append(Format.time(d.nextAttemptAt()));
        }
        return s.toString();
    }

    /** {@code 2024-05-01T10:00:01Z  HTTP 500     120 ms  HTTP 500}; {@code ok} for a success. */
    static String attempt(Attempt a) {
        String answer = a.statusCode() == null ? "no answer" : "HTTP " + a.statusCode();
        return String.format("%-20s  %-9s  %6d ms  %s", Format.time(a.at()), answer, a.latencyMillis(),
                a.error() == null ? "ok" : a.error());
    }
}
