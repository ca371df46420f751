package io.plugboard.api.provider;

import java.util.Objects;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A {@link WebhookVerifier} that fails closed: a missing secret, an exception or a {@code null} answer from
 * {@link #check} is a rejection. The rejection reason names only the exception's type, never its message, which could
 * quote the input. Extend it and implement {@link #check} with the provider's own scheme.
 *
 * @since 1.1.0
 */
@ConsumerType
public abstract class FailClosedWebhookVerifier implements WebhookVerifier {

    private final String what;

    /** @param what what is verified, for rejection reasons, e.g. {@code GitHub delivery} */
    protected FailClosedWebhookVerifier(String what) {
        this.what = Objects.requireNonNull(what, "what");
    }

    @Override
    public final WebhookVerification verify(WebhookRequest request, byte[] secret) {
        if (secret == null || secret.length == 0) {
            return WebhookVerification.rejected("the integration has no webhook secret");
        }
        try {
            WebhookVerification outcome = check(request, secret);
            return outcome != null ? outcome : WebhookVerification.rejected(what + " could not be verified (no outcome)");
        } catch (RuntimeException e) {
            return WebhookVerification.rejected(what + " could not be verified (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * Verifies one request against a non-empty secret. May throw: any exception is a rejection.
     *
     * @return the outcome; {@code null} counts as rejected
     */
    protected abstract WebhookVerification check(WebhookRequest request, byte[] secret);
}
