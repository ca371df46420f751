package io.plugboard.api.provider;

import static org.junit.Assert.assertEquals;

import java.time.Instant;
import java.util.Map;

import org.junit.Test;

public class FailClosedWebhookVerifierTest {

    private static final WebhookRequest REQUEST = new WebhookRequest(Map.of(), new byte[0], Instant.EPOCH);

    private static FailClosedWebhookVerifier answering(WebhookVerification outcome, RuntimeException failure) {
        return new FailClosedWebhookVerifier("Acme delivery") {
            @Override
            protected WebhookVerification check(WebhookRequest request, byte[] secret) {
                if (failure != null) {
                    throw failure;
                }
                return outcome;
            }
        };
    }

    @Test
    public void passesTheCheckOutcomeThrough() {
        WebhookVerification ok = WebhookVerification.accepted("d1", "push");
        assertEquals(ok, answering(ok, null).verify(REQUEST, new byte[] {1}));
    }

    @Test
    public void aMissingSecretIsRejectedWithoutCheck() {
        FailClosedWebhookVerifier v = answering(null, new IllegalStateException("check must not be called"));
        assertEquals("the integration has no webhook secret", v.verify(REQUEST, new byte[0]).reason());
        assertEquals(WebhookVerification.Outcome.REJECTED, v.verify(REQUEST, null).outcome());
    }

    @Test
    public void anExceptionOrNoOutcomeIsARejectionThatDoesNotQuoteTheInput() {
        WebhookVerification thrown = answering(null, new IllegalStateException("secret sig=abc")).verify(REQUEST, new byte[] {1});
        assertEquals(WebhookVerification.Outcome.REJECTED, thrown.outcome());
        assertEquals("Acme delivery could not be verified (IllegalStateException)", thrown.reason());
        assertEquals("Acme delivery could not be verified (no outcome)", answering(null, null).verify(REQUEST, new byte[] {1}).reason());
    }
}
