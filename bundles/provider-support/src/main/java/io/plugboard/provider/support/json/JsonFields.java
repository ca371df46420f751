package io.plugboard.provider.support.json;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import io.plugboard.api.provider.WebhookRequest;

/**
 * The few fields a verifier needs from a JSON payload (a delivery id, a repository, a branch), read from a stream with
 * Jackson's streaming parser: everything else is skipped without being built in memory, so a 25 MB payload costs a
 * few kilobytes. Fields are named by JSON Pointer (RFC 6901), e.g. {@code /repository/full_name} or
 * {@code /commits/0/id}.
 *
 * <p>Provider bundles embed this package privately, so each imports Jackson itself and the api exports none of it.
 */
public final class JsonFields {

    private static final JsonFactory JSON = new JsonFactory();

    private JsonFields() {
    }

    /**
     * The values at {@code pointers} in the JSON document {@code json} yields: strings as they are, numbers and booleans
     * as their JSON text; a pointer at anything else (an object, an array, {@code null}) or at nothing is absent.
     *
     * @param json a stream over the document (read to its end, not closed)
     * @param pointers JSON Pointers of the fields wanted
     * @return pointer → value, for the pointers found, in the order met; empty when the document is not one well-formed
     *     JSON object (a body that is not JSON has no fields)
     * @throws IOException if reading the stream fails (malformed JSON is not an exception: the answer is empty)
     */
    public static Map<String, String> read(InputStream json, Set<String> pointers) throws IOException {
        Objects.requireNonNull(json, "json");
        Set<String> wanted = Set.copyOf(pointers);
        Set<String> containers = new HashSet<>();   // pointers of objects and arrays that lead to a wanted field
        for (String pointer : wanted) {
            for (int slash = pointer.indexOf('/', 1); slash > 0; slash = pointer.indexOf('/', slash + 1)) {
                containers.add(pointer.substring(0, slash));
            }
        }
        Map<String, String> found = new LinkedHashMap<>();
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Map.of();
            }
            Deque<String> path = new ArrayDeque<>();   // pointer of each open container
            Deque<int[]> index = new ArrayDeque<>();   // next element index of each open array (null marker for objects)
            path.push("");
            index.push(new int[] {-1});
            while (!path.isEmpty()) {
                JsonToken token = parser.nextToken();
                if (token == null) {
                    return Map.of();   // the document ended inside the object
                }
                if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    path.pop();
                    index.pop();
                    continue;
                }
                if (token == JsonToken.FIELD_NAME) {
                    continue;
                }
                int[] counter = index.peek();
                String segment = counter[0] >= 0 ? String.valueOf(counter[0]++) : escape(parser.currentName());
                String pointer = path.peek() + "/" + segment;
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    if (containers.contains(pointer)) {
                        path.push(pointer);
                        index.push(new int[] {token == JsonToken.START_ARRAY ? 0 : -1});
                    } else {
                        parser.skipChildren();
                    }
                } else if (token.isScalarValue() && token != JsonToken.VALUE_NULL && wanted.contains(pointer)) {
                    found.put(pointer, parser.getText());
                }
            }
            if (parser.nextToken() != null) {
                return Map.of();   // something after the object
            }
        } catch (JsonProcessingException e) {
            return Map.of();
        }
        return found;
    }

    /** {@link #read(InputStream, Set)} over the request's body, opened and closed here. */
    public static Map<String, String> read(WebhookRequest request, Set<String> pointers) throws IOException {
        try (InputStream body = request.openBody()) {
            return read(body, pointers);
        }
    }

    /** What a body is, as JSON: for verifiers that answer "not JSON" and "not an object" differently. */
    public enum Shape {
        /** One JSON object, nothing after it. */
        OBJECT,
        /** One JSON value that is not an object (an array, a string, ...), or nothing at all. */
        OTHER_VALUE,
        /** Not JSON: malformed, or something after the first value. */
        NOT_JSON
    }

    /** The request body's {@link Shape}, streamed through once, skipping every value. */
    public static Shape shape(WebhookRequest request) throws IOException {
        try (InputStream body = request.openBody(); JsonParser parser = JSON.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return Shape.OTHER_VALUE;
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                return Shape.NOT_JSON;
            }
            return first == JsonToken.START_OBJECT ? Shape.OBJECT : Shape.OTHER_VALUE;
        } catch (JsonProcessingException e) {
            return Shape.NOT_JSON;
        }
    }

    /**
     * For a verified body in which {@link #read} found none of the fields: why it is not taken - {@code notJson} (not
     * JSON, or something after the first value), {@code notAnObject} (an array, a string, nothing) - or {@code null}
     * when it is a JSON object after all (one without those fields). Streams the body once more, skipping everything.
     */
    public static String whyNotAnObject(WebhookRequest request, String notJson, String notAnObject) throws IOException {
        switch (shape(request)) {
            case OBJECT:
                return null;
            case NOT_JSON:
                return notJson;
            default:
                return notAnObject;
        }
    }

    private static String escape(String name) {
        return name.indexOf('~') < 0 && name.indexOf('/') < 0 ? name : name.replace("~", "~0").replace("/", "~1");
    }
}
