package io.plugboard.provider.support.outbound;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Optional;

import io.plugboard.api.outbound.ApiRequest;
import io.plugboard.api.provider.ActionException;
import org.junit.Test;

public class ProviderCallsTest {

    private static final ApiRequest GET = ApiRequest.get("things");

    @Test
    public void aSuccessAnswersItsJson() throws Exception {
        RecordingApiClient api = new RecordingApiClient().answer(200, "{\"id\": 7}");
        assertEquals(7, ProviderCalls.call(api, GET, "read things", "read", false).path("id").asInt());
        assertTrue(ProviderCalls.call(new RecordingApiClient().answer(204, null), GET, "x", "y", false).isMissingNode());
    }

    @Test
    public void rateLimitsServerErrorsAndUnreachableProvidersAreRetryable() {
        ActionException limited = fail(new RecordingApiClient().answer(429, "{\"message\":\"slow down\"}", "Retry-After", "30"));
        assertTrue(limited.retryable());
        assertEquals(Optional.of(Duration.ofSeconds(30)), limited.retryAfter());
        assertTrue(limited.getMessage(), limited.getMessage().contains("429") && limited.getMessage().contains("slow down"));
        assertTrue(fail(new RecordingApiClient().answer(502, "")).retryable());
        ActionException unreachable = fail(new RecordingApiClient().unreachable());
        assertTrue(unreachable.retryable());
        assertTrue(unreachable.getMessage(), unreachable.getMessage().contains("could not reach"));
        ActionException githubLimit = fail(new RecordingApiClient().answer(403, "{}", "X-RateLimit-Remaining", "0"));
        assertTrue("GitHub's 403 with no rate left is a rate limit", githubLimit.retryable());
    }

    @Test
    public void refusalsAreNotRetryableAndSayWhatTheTokenNeeds() {
        ActionException forbidden = fail(new RecordingApiClient().answer(403, "{\"message\":\"Must have admin rights\"}"));
        assertFalse(forbidden.retryable());
        assertTrue(forbidden.getMessage(), forbidden.getMessage().contains("the token lacks admin:thing to read things (403): "
                + "Must have admin rights"));
        assertFalse(fail(new RecordingApiClient().answer(401, "")).retryable());
        ActionException missing = fail(new RecordingApiClient().answer(404, "{\"message\":\"Not Found\"}"));
        assertTrue(missing.getMessage(), missing.getMessage().contains("not found (404)") && missing.getMessage().contains("admin:thing"));
        assertFalse(fail(new RecordingApiClient().answer(422, "{\"error\":\"bad\"}")).retryable());
    }

    @Test
    public void aMissingThingIsAnAnswerWhenAskedSo() throws Exception {
        assertNull(ProviderCalls.call(new RecordingApiClient().answer(404, ""), GET, "read things", "read", true));
    }

    @Test
    public void aGitLabProjectPathIsOneSegment() {
        assertEquals("group%2Fsub%2Fproject", ProviderCalls.segment("group/sub/project"));
        assertEquals("a%20b", ProviderCalls.segment("a b"));
    }

    private static ActionException fail(RecordingApiClient api) {
        return assertThrows(ActionException.class, () -> ProviderCalls.call(api, GET, "read things", "admin:thing", false));
    }
}
