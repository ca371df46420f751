package io.plugboard.core.internal.crypto;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.SecretKey;

import io.plugboard.api.resource.EncryptionKeys.KeyInfo;
import io.plugboard.core.internal.storage.Transactions;

/**
 * Envelope encryption: values are encrypted with a data key, data keys are stored wrapped by the master key in
 * {@code plugboard_encryption_key}. The active data key encrypts new values; every value names its key, so values
 * under older keys stay readable until a rotation has re-encrypted them and retired those keys.
 */
public final class KeyRing {

    /** A value encrypted under one data key. */
    public record Sealed(String keyId, String ciphertext) {
    }

    private static final DateTimeFormatter KEY_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

    private final SecretKey masterKey;
    private final AesGcm aes;
    private final SecureRandom random;
    private final Map<String, SecretKey> dataKeys = new ConcurrentHashMap<>();
    private volatile String activeKeyId;
    /** Where the keys were loaded from: read again when a value names a key this server has not seen (another node's). */
    private volatile Transactions jdbc;

    public KeyRing(SecretKey masterKey, SecureRandom random) {
        this.masterKey = masterKey;
        this.random = random;
        this.aes = new AesGcm(random);
    }

    /**
     * Reads and unwraps every data key; creates the first one when there is none.
     *
     * @throws IllegalStateException when a data key does not unwrap: the master key is not the one it was made with
     */
    public void load(Transactions jdbc) {
        this.jdbc = jdbc;
        jdbc.inTransaction(c -> {
            reload(c);
            if (activeKeyId == null) {
                addActiveKey(c);
            }
            return null;
        });
    }

    private void reload(Connection c) throws SQLException {
        Map<String, SecretKey> loaded = new LinkedHashMap<>();
        String active = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT key_id, wrapped_key, active FROM plugboard_encryption_key");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String id = rs.getString(1);
                loaded.put(id, unwrap(id, rs.getString(2)));
                if (rs.getBoolean(3)) {
                    active = id;
                }
            }
        }
        dataKeys.keySet().retainAll(loaded.keySet());
        dataKeys.putAll(loaded);
        activeKeyId = active;
    }

    /** Creates a new data key and makes it the active one, in the caller's transaction. */
    public String addActiveKey(Connection c) throws SQLException {
        byte[] bytes = new byte[AesGcm.KEY_BYTES];
        random.nextBytes(bytes);
        Instant now = Instant.now();
        byte[] suffix = new byte[3];
        random.nextBytes(suffix);
        String id = "k" + KEY_ID_TIME.format(now) + "-" + HexFormat.of().formatHex(suffix);
        String wrapped = Base64.getEncoder().encodeToString(aes.encrypt(masterKey, bytes, wrapContext(id)));
        try (PreparedStatement ps = c.prepareStatement("UPDATE plugboard_encryption_key SET active = FALSE WHERE active")) {
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO plugboard_encryption_key (key_id, wrapped_key, created_at, active) VALUES (?, ?, ?, TRUE)")) {
            ps.setString(1, id);
            ps.setString(2, wrapped);
            ps.setLong(3, now.toEpochMilli());
            ps.executeUpdate();
        }
        dataKeys.put(id, AesGcm.key(bytes));
        activeKeyId = id;
        return id;
    }

    /** Deletes the inactive data keys no value uses any more; returns their ids. */
    public List<String> retireUnused(Connection c) throws SQLException {
        List<String> retired = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT key_id FROM plugboard_encryption_key k WHERE NOT active "
                + "AND NOT EXISTS (SELECT 1 FROM plugboard_secret_value v WHERE v.key_id = k.key_id) "
                + "AND NOT EXISTS (SELECT 1 FROM plugboard_connection n WHERE n.key_id = k.key_id) "
                // short-lived shared values (states, tokens) are not re-encrypted: their key goes once they have
                + "AND NOT EXISTS (SELECT 1 FROM plugboard_shared_value s WHERE s.key_id = k.key_id) "
                + "AND NOT EXISTS (SELECT 1 FROM plugboard_oidc_key o WHERE o.key_id = k.key_id)");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                retired.add(rs.getString(1));
            }
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM plugboard_encryption_key WHERE key_id = ?")) {
            for (String id : retired) {
                ps.setString(1, id);
                ps.executeUpdate();
            }
        }
        retired.forEach(dataKeys::remove);
        return retired;
    }

    public List<KeyInfo> keys(Connection c) throws SQLException {
        List<KeyInfo> keys = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT k.key_id, k.created_at, k.active, "
                + "(SELECT COUNT(*) FROM plugboard_secret_value v WHERE v.key_id = k.key_id) "
                + "+ (SELECT COUNT(*) FROM plugboard_connection n WHERE n.key_id = k.key_id) "
                + "FROM plugboard_encryption_key k ORDER BY k.active DESC, k.created_at DESC");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                keys.add(new KeyInfo(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getBoolean(3), rs.getLong(4)));
            }
        }
        return keys;
    }

    /** Reads the keys again: another node sharing the database rotated them. */
    public void refresh() {
        Transactions source = jdbc;
        if (source != null) {
            source.read(c -> {
                reload(c);
                return null;
            });
        }
    }

    public String activeKeyId() {
        String id = activeKeyId;
        if (id == null) {
            throw new IllegalStateException("no active data key: the key ring is not loaded");
        }
        return id;
    }

    /** Encrypts under the active data key, bound to {@code context} (where the value belongs). */
    public Sealed seal(String plaintext, String context) {
        String keyId = activeKeyId();
        byte[] sealed = aes.encrypt(dataKeys.get(keyId), plaintext.getBytes(StandardCharsets.UTF_8), utf8(context));
        return new Sealed(keyId, Base64.getEncoder().encodeToString(sealed));
    }

    /** @throws AesGcm.TamperedException when the value was changed or moved */
    public String open(Sealed sealed, String context) {
        SecretKey key = dataKeys.get(sealed.keyId());
        Transactions source = jdbc;
        if (key == null && source != null) {
            // another node sharing the database rotated the keys: read them again
            source.read(c -> {
                reload(c);
                return null;
            });
            key = dataKeys.get(sealed.keyId());
        }
        if (key == null) {
            throw new IllegalStateException("unknown data key '" + sealed.keyId() + "'");
        }
        byte[] plain = aes.decrypt(key, Base64.getDecoder().decode(sealed.ciphertext()), utf8(context));
        return new String(plain, StandardCharsets.UTF_8);
    }

    private SecretKey unwrap(String id, String wrapped) {
        try {
            return AesGcm.key(aes.decrypt(masterKey, Base64.getDecoder().decode(wrapped), wrapContext(id)));
        } catch (AesGcm.TamperedException e) {
            throw new IllegalStateException("Data key '" + id + "' cannot be unwrapped with the configured master key: "
                    + "the master key (data/plugboard/master.key or masterKey in etc/io.plugboard.core.cfg) is not the one "
                    + "the stored secrets were encrypted with");
        }
    }

    private static byte[] wrapContext(String keyId) {
        return utf8("plugboard-data-key:" + keyId);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
