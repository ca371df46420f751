package io.plugboard.core.internal.cluster;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plugboard.api.cluster.SharedValues;
import io.plugboard.core.internal.crypto.KeyRing;
import io.plugboard.core.internal.crypto.Vault;
import io.plugboard.core.internal.storage.Transactions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@link SharedValues} in {@code plugboard_shared_value}: each value sealed under the active data key, bound to its
 * kind and id (a row copied under another name does not open). {@link #take} is one {@code DELETE} whose row count
 * decides who got it, so two nodes reading at once never both do. Expired rows are never returned and are deleted by
 * the writes that follow.
 */
@Component(service = SharedValues.class)
public class SharedValuesImpl implements SharedValues {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_KIND = 63;
    private static final int MAX_ID = 200;

    private final Transactions jdbc;
    private final KeyRing keys;
    private final Clock clock;

    @Activate
    public SharedValuesImpl(@Reference(target = "(dataSourceName=plugboard)") DataSource dataSource, @Reference Vault vault) {
        this(new Transactions(dataSource), vault.keys(), Clock.systemUTC());
    }

    SharedValuesImpl(Transactions jdbc, KeyRing keys, Clock clock) {
        this.jdbc = jdbc;
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    public void put(String kind, String id, Map<String, Object> value, Duration ttl) {
        check(kind, id);
        Objects.requireNonNull(value, "value");
        String json;
        try {
            json = JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("the value is not JSON-like: " + e.getMessage(), e);
        }
        KeyRing.Sealed sealed = keys.seal(json, context(kind, id));
        long now = clock.millis();
        jdbc.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM plugboard_shared_value WHERE (kind = ? AND id = ?) "
                    + "OR expires_at <= ?")) {
                ps.setString(1, kind);
                ps.setString(2, id);
                ps.setLong(3, now);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO plugboard_shared_value (kind, id, key_id, sealed, "
                    + "expires_at) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, kind);
                ps.setString(2, id);
                ps.setString(3, sealed.keyId());
                ps.setString(4, sealed.ciphertext());
                ps.setLong(5, now + ttl.toMillis());
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Optional<Map<String, Object>> take(String kind, String id) {
        check(kind, id);
        long now = clock.millis();
        return jdbc.inTransaction(c -> {
            KeyRing.Sealed sealed;
            long expires;
            try (PreparedStatement ps = c.prepareStatement("SELECT key_id, sealed, expires_at FROM plugboard_shared_value "
                    + "WHERE kind = ? AND id = ?")) {
                ps.setString(1, kind);
                ps.setString(2, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    sealed = new KeyRing.Sealed(rs.getString(1), rs.getString(2));
                    expires = rs.getLong(3);
                }
            }
            int deleted;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM plugboard_shared_value WHERE kind = ? AND id = ?")) {
                ps.setString(1, kind);
                ps.setString(2, id);
                deleted = ps.executeUpdate();
            }
            // the DELETE waits for a concurrent taker's; only the one whose DELETE removed the row has the value
            return deleted == 1 && expires > now ? Optional.of(open(kind, id, sealed)) : Optional.empty();
        });
    }

    @Override
    public Optional<Map<String, Object>> get(String kind, String id) {
        check(kind, id);
        long now = clock.millis();
        return jdbc.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT key_id, sealed FROM plugboard_shared_value "
                    + "WHERE kind = ? AND id = ? AND expires_at > ?")) {
                ps.setString(1, kind);
                ps.setString(2, id);
                ps.setLong(3, now);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(open(kind, id, new KeyRing.Sealed(rs.getString(1), rs.getString(2))))
                            : Optional.empty();
                }
            }
        });
    }

    @Override
    public void remove(String kind, String id) {
        check(kind, id);
        jdbc.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM plugboard_shared_value WHERE kind = ? AND id = ?")) {
                ps.setString(1, kind);
                ps.setString(2, id);
                return ps.executeUpdate();
            }
        });
    }

    private Map<String, Object> open(String kind, String id, KeyRing.Sealed sealed) {
        try {
            return JSON.readValue(keys.open(sealed, context(kind, id)), new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (IOException e) {
            throw new IllegalStateException("shared value " + kind + "/" + id + " is not readable", e);
        }
    }

    private static String context(String kind, String id) {
        return "shared-value:" + kind + "/" + id;
    }

    private static void check(String kind, String id) {
        if (kind == null || kind.isEmpty() || kind.length() > MAX_KIND || id == null || id.isEmpty() || id.length() > MAX_ID) {
            throw new IllegalArgumentException("a shared value needs a kind of 1.." + MAX_KIND + " and an id of 1.."
                    + MAX_ID + " characters");
        }
    }
}
