package io.plugboard.provider.support.json;

import static org.junit.Assert.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

import org.junit.Test;

import io.plugboard.api.provider.WebhookRequest;

public class JsonFieldsTest {

    private static final Set<String> GITHUB = Set.of("/repository/full_name", "/repository/name", "/ref",
            "/pull_request/base/ref", "/commits/1/id");

    @Test
    public void readsTheNamedFieldsAndNothingElse() throws IOException {
        String json = "{\"zen\":\"x\",\"ref\":\"refs/heads/main\",\"repository\":{\"id\":7,\"full_name\":\"octo/hello\","
                + "\"owner\":{\"name\":\"octo\"},\"name\":\"hello\"},\"commits\":[{\"id\":\"a\"},{\"id\":\"b\"}],"
                + "\"pull_request\":null}";
        assertEquals(Map.of("/ref", "refs/heads/main", "/repository/full_name", "octo/hello", "/repository/name", "hello",
                "/commits/1/id", "b"), read(json, GITHUB));
    }

    @Test
    public void numbersAndBooleansAsTheirTextObjectsAndNullsAbsent() throws IOException {
        assertEquals(Map.of("/a", "42", "/b", "true", "/c/d", "1.5"),
                read("{\"a\":42,\"b\":true,\"c\":{\"d\":1.5},\"e\":null,\"f\":{}}", Set.of("/a", "/b", "/c/d", "/e", "/f")));
    }

    @Test
    public void pointerEscapesFollowRfc6901() throws IOException {
        assertEquals(Map.of("/a~1b/c~0d", "v"), read("{\"a/b\":{\"c~d\":\"v\"}}", Set.of("/a~1b/c~0d")));
    }

    @Test
    public void aBodyThatIsNotOneJsonObjectHasNoFields() throws IOException {
        for (String body : new String[] {"", "[1]", "\"s\"", "{\"ref\":\"x\"", "{\"ref\":\"x\"} {}", "{\"ref\":\"x\"}x",
                "payload=%7B%7D", "{\"ref\":\"x\",}"}) {
            assertEquals(body, Map.of(), read(body, Set.of("/ref")));
        }
    }

    @Test
    public void theShapeOfABodyTellsNotJsonFromNotAnObject() throws IOException {
        assertEquals(JsonFields.Shape.OBJECT, shape("{\"a\":[1,{}]}"));
        for (String other : new String[] {"", "[1]", "\"s\"", "42", " null "}) {
            assertEquals(other, JsonFields.Shape.OTHER_VALUE, shape(other));
        }
        for (String bad : new String[] {"{", "{} {}", "{}x", "payload=%7B%7D", "[1,]"}) {
            assertEquals(bad, JsonFields.Shape.NOT_JSON, shape(bad));
        }
    }

    @Test
    public void whyABodyWithoutTheFieldsIsNotTaken() throws IOException {
        assertEquals(null, why("{\"other\":1}"));
        assertEquals("an array", "not an object", why("[1]"));
        assertEquals("nothing", "not an object", why(""));
        assertEquals("not json", why("{\"a\":"));
        assertEquals("more after the object", "not json", why("{} {}"));
    }

    private static String why(String body) throws IOException {
        return JsonFields.whyNotAnObject(new WebhookRequest(Map.of(), body.getBytes(StandardCharsets.UTF_8),
                java.time.Instant.EPOCH), "not json", "not an object");
    }

    private static JsonFields.Shape shape(String body) throws IOException {
        return JsonFields.shape(new WebhookRequest(Map.of(), body.getBytes(StandardCharsets.UTF_8), java.time.Instant.EPOCH));
    }

    @Test
    public void aHugeValueIsSkippedNotBuilt() throws IOException {
        // 64 MB of a string that no field needs, streamed: building it would allocate over 128 MB (chars)
        long size = 64L * 1024 * 1024;
        InputStream body = new SequenceInputStream(java.util.Collections.enumeration(java.util.List.of(
                stream("{\"ref\":\"refs/heads/main\",\"head_commit\":{\"message\":\""), new Repeat('x', size),
                stream("\"},\"repository\":{\"full_name\":\"octo/big\"}}"))));
        long before = allocated();
        assertEquals(Map.of("/ref", "refs/heads/main", "/repository/full_name", "octo/big"), JsonFields.read(body, GITHUB));
        long allocated = allocated() - before;
        assertEquals("allocated " + allocated + " bytes", true, allocated < 4L * 1024 * 1024);
    }

    /** Bytes this thread has allocated so far (HotSpot's count). */
    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    private static Map<String, String> read(String json, Set<String> pointers) throws IOException {
        return JsonFields.read(stream(json), pointers);
    }

    private static InputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code n} copies of one byte, made up as they are read. */
    private static final class Repeat extends InputStream {
        private final int b;
        private long left;

        Repeat(char c, long n) {
            this.b = c;
            this.left = n;
        }

        @Override
        public int read() {
            return left-- > 0 ? b : -1;
        }

        @Override
        public int read(byte[] buf, int off, int len) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(buf, off, off + n, (byte) b);
            left -= n;
            return n;
        }
    }
}
