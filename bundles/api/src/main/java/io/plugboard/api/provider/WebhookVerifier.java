package io.plugboard.api.provider;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Verifies inbound webhook deliveries of one provider. Registered by the provider bundle with the service
 * property {@code plugboard.provider=<id>}.
 *
 * <p>Implementations fail closed: anything they cannot positively verify is
 * {@link WebhookVerification#rejected rejected}. Signatures must be compared in constant time
 * ({@link java.security.MessageDigest#isEqual}).
 */
@ConsumerType
public interface WebhookVerifier {

    /**
     * @param request the delivery as received
     * @param secret  the integration's webhook secret (never logged)
     * @return the outcome; never {@code null}
     */
    WebhookVerification verify(WebhookRequest request, byte[] secret);
}
