package io.plugboard.core.internal.connection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.plugboard.api.connection.ConnectionState;
import io.plugboard.api.connection.ConnectionStatus;
import io.plugboard.api.connection.ConnectionTypeRef;
import io.plugboard.api.resource.Scope;
import io.plugboard.core.internal.crypto.KeyRing.Sealed;
import io.plugboard.core.internal.storage.JsonColumns;

/**
 * SQL for connections ({@code plugboard_connection}). Every method works in the caller's JDBC connection (and
 * transaction). The stored object is one sealed JSON value per row.
 */
public final class ConnectionStore {

    private static final String COLUMNS = "uid, organization, canvas_id, provider, type_name, type_version, name, source, "
            + "state, reason, checked_at, subject, created_at, updated_at, row_version";

    /** A row without its sealed value. */
    record Row(io.plugboard.api.connection.Connection connection, long rowVersion) {
    }

    /** Associated data binding a sealed stored object to its connection: moved to another row, it does not open. */
    public static String context(String uid) {
        return "connection:" + uid;
    }

    Optional<Row> find(Connection c, Scope scope, ConnectionTypeRef type, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM plugboard_connection WHERE provider = ? "
                + "AND type_name = ? AND type_version = ? AND organization = ? AND canvas_id = ? AND name = ?")) {
            ps.setString(1, type.provider());
            ps.setString(2, type.name());
            ps.setInt(3, type.version());
            ps.setString(4, scope.organization());
            ps.setString(5, canvas(scope));
            ps.setString(6, name);
            return one(ps);
        }
    }

    /** The uid of a connection, for references from other resources. */
    public static Optional<String> uidOf(Connection c, Scope scope, ConnectionTypeRef type, String name) throws SQLException {
        return new ConnectionStore().find(c, scope, type, name).map(r -> r.connection().uid());
    }

    Optional<Row> findByUid(Connection c, String uid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM plugboard_connection WHERE uid = ?")) {
            ps.setString(1, uid);
            return one(ps);
        }
    }

    /**
     * @param scope    {@code null}: every scope
     * @param provider {@code null}: every provider
     * @param type     {@code null}: every type of {@code provider}
     * @param name     {@code null}: every name
     */
    List<Row> list(Connection c, Scope scope, String provider, ConnectionTypeRef type, String name) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM plugboard_connection WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (scope != null) {
            sql.append(" AND organization = ? AND canvas_id = ?");
            args.add(scope.organization());
            args.add(canvas(scope));
        }
        if (type != null) {
            sql.append(" AND provider = ? AND type_name = ? AND type_version = ?");
            args.add(type.provider());
            args.add(type.name());
            args.add(type.version());
        } else if (provider != null) {
            sql.append(" AND provider = ?");
            args.add(provider);
        }
        if (name != null) {
            sql.append(" AND name = ?");
            args.add(name);
        }
        sql.append(" ORDER BY provider, type_name, type_version, organization, canvas_id, name");
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(read(rs));
                }
            }
            return rows;
        }
    }

    void insert(Connection c, io.plugboard.api.connection.Connection conn, Sealed storage) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO plugboard_connection (uid, organization, canvas_id, "
                + "provider, type_name, type_version, name, source, state, reason, checked_at, subject, key_id, ciphertext, "
                + "row_version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)")) {
            ps.setString(1, conn.uid());
            ps.setString(2, conn.scope().organization());
            ps.setString(3, canvas(conn.scope()));
            ps.setString(4, conn.type().provider());
            ps.setString(5, conn.type().name());
            ps.setInt(6, conn.type().version());
            ps.setString(7, conn.name());
            ps.setString(8, conn.source());
            ps.setString(9, conn.status().state().name());
            ps.setString(10, conn.status().reason());
            setTime(ps, 11, conn.status().checkedAt());
            ps.setString(12, json(new LinkedHashMap<>(conn.subject())));
            ps.setString(13, storage.keyId());
            ps.setString(14, storage.ciphertext());
            ps.setLong(15, conn.createdAt().toEpochMilli());
            ps.setLong(16, conn.updatedAt().toEpochMilli());
            ps.executeUpdate();
        }
    }

    /** Records a probe's verdict (and the subject, when given). */
    boolean updateStatus(Connection c, String uid, ConnectionStatus status, Map<String, String> subject, Instant now)
            throws SQLException {
        String sql = "UPDATE plugboard_connection SET state = ?, reason = ?, checked_at = ?, updated_at = ?"
                + (subject == null ? "" : ", subject = ?") + " WHERE uid = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, status.state().name());
            ps.setString(2, truncate(status.reason()));
            setTime(ps, 3, status.checkedAt());
            ps.setLong(4, now.toEpochMilli());
            int i = 5;
            if (subject != null) {
                ps.setString(i++, json(new LinkedHashMap<>(subject)));
            }
            ps.setString(i, uid);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Replaces the stored object if the row is still at {@code rowVersion} (optimistic: two writers, even on two
     * nodes sharing one database, cannot both win).
     */
    boolean replaceStorage(Connection c, String uid, long rowVersion, Sealed storage, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE plugboard_connection SET key_id = ?, ciphertext = ?, "
                + "row_version = row_version + 1, updated_at = ? WHERE uid = ? AND row_version = ?")) {
            ps.setString(1, storage.keyId());
            ps.setString(2, storage.ciphertext());
            ps.setLong(3, now.toEpochMilli());
            ps.setString(4, uid);
            ps.setLong(5, rowVersion);
            return ps.executeUpdate() == 1;
        }
    }

    /** The sealed stored object of a connection (open it with {@link #context}). */
    public static Optional<Sealed> sealedStorage(Connection c, String uid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT key_id, ciphertext FROM plugboard_connection WHERE uid = ?")) {
            ps.setString(1, uid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Sealed(rs.getString(1), rs.getString(2))) : Optional.empty();
            }
        }
    }

    boolean delete(Connection c, String uid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM plugboard_connection WHERE uid = ?")) {
            ps.setString(1, uid);
            return ps.executeUpdate() == 1;
        }
    }

    /** Locks a connection's row until the transaction ends and returns its sealed stored object. */
    Optional<Sealed> lockStorage(Connection c, String uid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT key_id, ciphertext FROM plugboard_connection WHERE uid = ? FOR UPDATE")) {
            ps.setString(1, uid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Sealed(rs.getString(1), rs.getString(2))) : Optional.empty();
            }
        }
    }

    /** Replaces the stored object in a locked row. */
    void replaceStorage(Connection c, String uid, Sealed storage, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE plugboard_connection SET key_id = ?, ciphertext = ?, "
                + "row_version = row_version + 1, updated_at = ? WHERE uid = ?")) {
            ps.setString(1, storage.keyId());
            ps.setString(2, storage.ciphertext());
            ps.setLong(3, now.toEpochMilli());
            ps.setString(4, uid);
            ps.executeUpdate();
        }
    }

    /** One batch of stored objects not sealed under {@code keyId}: (uid, sealed), for key rotation. */
    public static List<Map.Entry<String, Sealed>> valuesNotUnder(Connection c, String keyId, int limit) throws SQLException {
        List<Map.Entry<String, Sealed>> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT uid, key_id, ciphertext FROM plugboard_connection WHERE key_id <> ? ORDER BY uid")) {
            ps.setString(1, keyId);
            ps.setMaxRows(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(Map.entry(rs.getString(1), new Sealed(rs.getString(2), rs.getString(3))));
                }
            }
        }
        return rows;
    }

    /** Re-seals one stored object if it is still what was read (key rotation; the row version is unchanged). */
    public static boolean reseal(Connection c, String uid, Sealed before, Sealed after) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE plugboard_connection SET key_id = ?, ciphertext = ? "
                + "WHERE uid = ? AND key_id = ? AND ciphertext = ?")) {
            ps.setString(1, after.keyId());
            ps.setString(2, after.ciphertext());
            ps.setString(3, uid);
            ps.setString(4, before.keyId());
            ps.setString(5, before.ciphertext());
            return ps.executeUpdate() == 1;
        }
    }

    // ---- mapping ------------------------------------------------------------------------------------

    private static Optional<Row> one(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(read(rs)) : Optional.empty();
        }
    }

    private static Row read(ResultSet rs) throws SQLException {
        String canvas = rs.getString(3);
        long checked = rs.getLong(11);
        Instant checkedAt = rs.wasNull() ? null : Instant.ofEpochMilli(checked);
        Map<String, String> subject = new LinkedHashMap<>();
        map(rs.getString(12)).forEach((k, v) -> subject.put(k, String.valueOf(v)));
        io.plugboard.api.connection.Connection conn = new io.plugboard.api.connection.Connection(rs.getString(1),
                new Scope(rs.getString(2), canvas.isEmpty() ? null : canvas),
                new ConnectionTypeRef(rs.getString(4), rs.getString(5), rs.getInt(6)), rs.getString(7), rs.getString(8),
                new ConnectionStatus(ConnectionState.valueOf(rs.getString(9)), rs.getString(10), checkedAt), subject,
                Instant.ofEpochMilli(rs.getLong(13)), Instant.ofEpochMilli(rs.getLong(14)));
        return new Row(conn, rs.getLong(15));
    }

    private static void setTime(PreparedStatement ps, int index, Instant time) throws SQLException {
        if (time == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, time.toEpochMilli());
        }
    }

    private static String canvas(Scope scope) {
        return scope.canvasId() == null ? "" : scope.canvasId();
    }

    private static String truncate(String reason) {
        return reason.length() <= 2000 ? reason : reason.substring(0, 1997) + "...";
    }

    static String json(Map<String, Object> value) {
        return JsonColumns.write(value);
    }

    static Map<String, Object> map(String json) {
        return JsonColumns.read(json);
    }
}
