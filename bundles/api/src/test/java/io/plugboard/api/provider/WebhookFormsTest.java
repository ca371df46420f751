package io.plugboard.api.provider;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Test;

public class WebhookFormsTest {

    @Test
    public void theFormContentTypeIsRecognisedWithItsParameters() {
        assertTrue(WebhookForms.isForm(request("a=1", "application/x-www-form-urlencoded")));
        assertTrue(WebhookForms.isForm(request("a=1", " Application/X-WWW-Form-Urlencoded; charset=utf-8")));
        assertFalse(WebhookForms.isForm(request("{}", "application/json")));
        assertFalse(WebhookForms.isForm(request("a=1", null)));
    }

    @Test
    public void readsTheFirstValueOfTheNamedParametersDecoded() throws Exception {
        WebhookRequest form = request("command=%2Fdeploy&text=to+prod%21&command=%2Fsecond&empty=&flag&other=x",
                "application/x-www-form-urlencoded");
        assertEquals(Optional.of(Map.of("command", "/deploy", "text", "to prod!", "empty", "", "flag", "")),
                WebhookForms.read(form, Set.of("command", "text", "empty", "flag", "absent")));
        assertEquals(Optional.of(Map.of("päyload", "ü")), WebhookForms.read(request("p%C3%A4yload=%C3%BC", null),
                Set.of("päyload")));
    }

    @Test
    public void aMalformedEscapeOrAnOversizedBodyIsNotRead() throws Exception {
        assertEquals(Optional.empty(), WebhookForms.read(request("text=100%", null), Set.of("text")));
        assertEquals(Optional.empty(), WebhookForms.read(request("text=%zz", null), Set.of("text")));
        AtomicInteger opens = new AtomicInteger();
        WebhookRequest large = new WebhookRequest(Map.of(), LargeWebhookBody.of("a=", "", opens), Instant.now());
        assertEquals(Optional.empty(), WebhookForms.read(large, Set.of("a")));
        assertEquals("refused by its length, not read", 0, opens.get());
        assertEquals("a limit of the caller's", Optional.empty(), WebhookForms.read(request("a=12345", null), Set.of("a"), 6));
        assertEquals(Optional.of(Map.of("a", "12345")), WebhookForms.read(request("a=12345", null), Set.of("a"), 7));
    }

    @Test
    public void onlyAnAcceptedDeliveryTakesA2xxAcknowledgement() {
        WebhookVerification accepted = WebhookVerification.accepted("d1", "slash_command", Map.of("team", List.of("T1")));
        assertEquals("the default answer", 0, accepted.acknowledgementStatus());
        WebhookVerification acknowledged = accepted.acknowledgedWithEmpty(200);
        assertEquals(200, acknowledged.acknowledgementStatus());
        assertEquals("d1", acknowledged.deliveryId());
        assertEquals("slash_command", acknowledged.eventType());
        assertEquals(Map.of("team", List.of("T1")), acknowledged.attributes());
        assertThrows(IllegalArgumentException.class, () -> accepted.acknowledgedWithEmpty(302));
        assertThrows(IllegalStateException.class, () -> WebhookVerification.rejected("no").acknowledgedWithEmpty(200));
    }

    private static WebhookRequest request(String body, String contentType) {
        Map<String, List<String>> headers = contentType == null ? Map.of() : Map.of("Content-Type", List.of(contentType));
        return new WebhookRequest(headers, body.getBytes(StandardCharsets.UTF_8), Instant.now());
    }
}
