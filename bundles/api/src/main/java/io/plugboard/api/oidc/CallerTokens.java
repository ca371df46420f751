package io.plugboard.api.oidc;

import io.plugboard.api.resource.Resource;
import io.plugboard.api.resource.ResourceRef;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Checks an ID token that a CI job presents to Plugboard for one integration with {@code spec.oidc.enabled: true}:
 * its signature by the trusted issuer's keys (found by discovery, cached, fetched again for an unknown {@code kid} at a
 * bounded rate), {@code iss}, {@code aud}, {@code exp} and {@code nbf} with a small skew, and every claim the
 * integration lists.
 */
@ProviderType
public interface CallerTokens {

    /**
     * @param integration the integration the caller names
     * @param token       the compact JWT from its {@code Authorization: Bearer} header
     * @return the integration, as stored, that the token may act for
     * @throws CallerRejectedException when the token may not act for it, or there is no such integration; the
     *                                 reason is for the log, never for the caller
     */
    Resource verify(ResourceRef integration, String token) throws CallerRejectedException;
}
