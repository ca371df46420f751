package io.plugboard.core.internal.oidc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

import io.plugboard.api.oidc.SigningKey;
import io.plugboard.core.internal.crypto.KeyRing;
import io.plugboard.core.internal.storage.Transactions;

/**
 * The ID-token signing keys in {@code plugboard_oidc_key}: made (RSA 2048, RS256) at first use and by {@link #rotate},
 * the private half sealed with the data keys. A rotation publishes the new key at once and lets it sign only after
 * {@code publishDelay}, so verifiers that cache the JWKS see it before the first token it signs; the key it replaces
 * stops signing then and stays published for {@code maxTokenLifetime} plus a minute of clock skew, until the last
 * token it signed has expired. Keys are read from the database at most every {@value #CACHE_MILLIS} ms, so a rotation
 * on another node shows within that.
 */
public final class SigningKeys {

    static final String ALGORITHM = "RS256";
    static final Duration SKEW = Duration.ofMinutes(1);
    /** Keys unpublished for this long are deleted. */
    static final Duration KEEP_UNPUBLISHED = Duration.ofDays(1);
    private static final long CACHE_MILLIS = 2000;

    /** A key as stored; {@code jwk} holds the private half. */
    record Stored(RSAKey jwk, Instant createdAt, Instant signsFrom, Instant signsUntil, Instant publishedUntil) {

        String kid() {
            return jwk.getKeyID();
        }

        boolean published(Instant now) {
            return publishedUntil == null || now.isBefore(publishedUntil);
        }

        boolean signs(Instant now) {
            return !now.isBefore(signsFrom) && (signsUntil == null || now.isBefore(signsUntil));
        }

        SigningKey view(Instant now) {
            SigningKey.State state = now.isBefore(signsFrom) ? SigningKey.State.NEXT
                    : signs(now) ? SigningKey.State.ACTIVE : SigningKey.State.RETIRING;
            return new SigningKey(kid(), ALGORITHM, state, createdAt, signsFrom, signsUntil, publishedUntil);
        }
    }

    private final Transactions jdbc;
    private final KeyRing keyRing;
    private final Clock clock;
    private volatile Duration publishDelay;
    private volatile Duration maxTokenLifetime;
    private volatile List<Stored> cached;
    private volatile long cachedAt;

    SigningKeys(Transactions jdbc, KeyRing keyRing, Clock clock, Duration publishDelay, Duration maxTokenLifetime) {
        this.jdbc = jdbc;
        this.keyRing = keyRing;
        this.clock = clock;
        this.publishDelay = publishDelay;
        this.maxTokenLifetime = maxTokenLifetime;
    }

    void configure(Duration publishDelay, Duration maxTokenLifetime) {
        this.publishDelay = publishDelay;
        this.maxTokenLifetime = maxTokenLifetime;
    }

    /** The key that signs now; made at first use (a first key signs at once: no verifier knows any key yet). */
    Stored signing() {
        Instant now = clock.instant();
        Stored key = newestSigning(all(), now);
        if (key == null) {
            key = newestSigning(reload(), now);
        }
        if (key == null) {
            jdbc.inTransaction(c -> {
                insert(c, generate(), now, now);
                return null;
            });
            key = newestSigning(reload(), now);
        }
        return key;
    }

    private static Stored newestSigning(List<Stored> keys, Instant now) {
        return keys.stream().filter(k -> k.signs(now)).max(Comparator.comparing(Stored::signsFrom)
                .thenComparing(Stored::createdAt)).orElse(null);
    }

    /** Every published key, oldest first. */
    List<Stored> published() {
        Instant now = clock.instant();
        List<Stored> keys = all().stream().filter(k -> k.published(now)).toList();
        if (keys.stream().noneMatch(k -> k.signs(now))) {
            signing(); // a first key, or the cache is behind a rotation
            keys = reload().stream().filter(k -> k.published(now)).toList();
        }
        return keys;
    }

    /** A verifier's view of what verifies a token signed by {@code kid}: whether it is published now. */
    boolean isPublished(String kid) {
        Instant now = clock.instant();
        return all().stream().anyMatch(k -> k.kid().equals(kid) && k.published(now));
    }

    /**
     * A new key, signing after the publish delay; every key that would still sign then stops, and is published until
     * the tokens it signed have expired.
     */
    Stored rotate() {
        Instant now = clock.instant();
        Instant from = now.plus(publishDelay);
        RSAKey jwk = generate();
        Duration keep = maxTokenLifetime.plus(SKEW);
        jdbc.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE plugboard_oidc_key SET signs_until = ?, published_until = ? "
                    + "WHERE (signs_until IS NULL OR signs_until > ?) AND signs_from < ?")) {
                ps.setLong(1, from.toEpochMilli());
                ps.setLong(2, from.plus(keep).toEpochMilli());
                ps.setLong(3, from.toEpochMilli());
                ps.setLong(4, from.toEpochMilli());
                ps.executeUpdate();
            }
            // a key that was to sign from later than the new one (a rotation just before) never signs: it goes with it
            try (PreparedStatement ps = c.prepareStatement("UPDATE plugboard_oidc_key SET signs_until = signs_from, "
                    + "published_until = ? WHERE signs_from >= ? AND signs_until IS NULL")) {
                ps.setLong(1, from.plus(keep).toEpochMilli());
                ps.setLong(2, from.toEpochMilli());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM plugboard_oidc_key WHERE published_until < ?")) {
                ps.setLong(1, now.minus(KEEP_UNPUBLISHED).toEpochMilli());
                ps.executeUpdate();
            }
            insert(c, jwk, now, from);
            return null;
        });
        return reload().stream().filter(k -> k.kid().equals(jwk.getKeyID())).findFirst().orElseThrow();
    }

    /** The sealed private halves not under {@code keyId}: kid → sealed, for a data-key rotation to re-encrypt. */
    public static Map<String, KeyRing.Sealed> valuesNotUnder(Connection c, String keyId, int limit) throws SQLException {
        Map<String, KeyRing.Sealed> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT kid, key_id, sealed_jwk FROM plugboard_oidc_key WHERE key_id <> ?")) {
            ps.setString(1, keyId);
            ps.setMaxRows(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new KeyRing.Sealed(rs.getString(2), rs.getString(3)));
                }
            }
        }
        return out;
    }

    /** Replaces a sealed private half if it is still {@code before}. */
    public static boolean reseal(Connection c, String kid, KeyRing.Sealed before, KeyRing.Sealed after) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE plugboard_oidc_key SET key_id = ?, sealed_jwk = ? "
                + "WHERE kid = ? AND key_id = ? AND sealed_jwk = ?")) {
            ps.setString(1, after.keyId());
            ps.setString(2, after.ciphertext());
            ps.setString(3, kid);
            ps.setString(4, before.keyId());
            ps.setString(5, before.ciphertext());
            return ps.executeUpdate() == 1;
        }
    }

    /** What the private half is sealed bound to. */
    public static String context(String kid) {
        return "oidc-key:" + kid;
    }

    private List<Stored> all() {
        List<Stored> keys = cached;
        if (keys == null || clock.millis() - cachedAt > CACHE_MILLIS) {
            keys = reload();
        }
        return keys;
    }

    private List<Stored> reload() {
        List<Stored> keys = jdbc.read(c -> {
            List<Stored> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT kid, key_id, sealed_jwk, created_at, signs_from, signs_until, "
                    + "published_until FROM plugboard_oidc_key ORDER BY signs_from, created_at, kid");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String kid = rs.getString(1);
                    String json = keyRing.open(new KeyRing.Sealed(rs.getString(2), rs.getString(3)), context(kid));
                    RSAKey jwk;
                    try {
                        jwk = RSAKey.parse(json);
                    } catch (ParseException e) {
                        throw new IllegalStateException("the stored signing key " + kid + " does not parse", e);
                    }
                    out.add(new Stored(jwk, Instant.ofEpochMilli(rs.getLong(4)), Instant.ofEpochMilli(rs.getLong(5)),
                            time(rs, 6), time(rs, 7)));
                }
            }
            return out;
        });
        cached = List.copyOf(keys);
        cachedAt = clock.millis();
        return cached;
    }

    private static Instant time(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(value);
    }

    private void insert(Connection c, RSAKey jwk, Instant now, Instant signsFrom) throws SQLException {
        KeyRing.Sealed sealed = keyRing.seal(jwk.toJSONString(), context(jwk.getKeyID()));
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO plugboard_oidc_key (kid, algorithm, public_jwk, key_id, "
                + "sealed_jwk, created_at, signs_from, signs_until, published_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, jwk.getKeyID());
            ps.setString(2, ALGORITHM);
            ps.setString(3, jwk.toPublicJWK().toJSONString());
            ps.setString(4, sealed.keyId());
            ps.setString(5, sealed.ciphertext());
            ps.setLong(6, now.toEpochMilli());
            ps.setLong(7, signsFrom.toEpochMilli());
            ps.setNull(8, Types.BIGINT);
            ps.setNull(9, Types.BIGINT);
            ps.executeUpdate();
        }
    }

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).algorithm(JWSAlgorithm.RS256)
                    .keyUse(KeyUse.SIGNATURE).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("could not make an RSA key", e);
        }
    }
}
