package io.plugboard.itests;

import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;

/**
 * jose4j, the JOSE library OidcIT checks Plugboard's ID tokens with (Plugboard signs with nimbus). OidcIT installs it into
 * the container before its first test and touches it only through this class, so the test class loads without it.
 */
final class Jose4j {

    private final JwtConsumer consumer;

    private Jose4j(JwtConsumer consumer) {
        this.consumer = consumer;
    }

    /** A verifier with exactly the keys of {@code jwks} (no fetching again), for tokens of {@code issuer} to {@code audience}. */
    static Jose4j verifier(String jwks, String issuer, String audience) throws Exception {
        return new Jose4j(new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(new JsonWebKeySet(jwks).getJsonWebKeys()))
                .setExpectedIssuer(issuer)
                .setExpectedAudience(audience)
                .setRequireExpirationTime().setRequireIssuedAt().setRequireNotBefore().setRequireJwtId()
                .setRequireSubject()
                .setMaxFutureValidityInMinutes(15)
                .build());
    }

    /** The verified claims: sub, then every other claim by name; fails with jose4j's reason. */
    Claims verify(String token) throws Exception {
        JwtClaims claims = consumer.processToClaims(token);
        return new Claims(claims.getSubject(), claims.getIssuedAt().getValue(), claims.getExpirationTime().getValue(),
                claims.getClaimsMap());
    }

    /** Whether the token does not verify. */
    boolean refuses(String token) {
        try {
            consumer.processToClaims(token);
            return false;
        } catch (InvalidJwtException e) {
            return true;
        }
    }

    record Claims(String subject, long issuedAt, long expiresAt, java.util.Map<String, Object> all) {
        String string(String name) {
            Object v = all.get(name);
            return v == null ? null : v.toString();
        }
    }
}
