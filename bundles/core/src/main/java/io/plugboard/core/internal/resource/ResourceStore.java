package io.plugboard.core.internal.resource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.plugboard.api.resource.Kind;
import io.plugboard.api.resource.Resource;
import io.plugboard.api.resource.ResourceRef;
import io.plugboard.api.resource.Scope;
import io.plugboard.core.internal.crypto.KeyRing.Sealed;
import io.plugboard.core.internal.storage.JsonColumns;

/** SQL for resources and secret values. Every method works in the caller's connection (and transaction). */
final class ResourceStore {

    private static final String COLUMNS = "uid, kind, organization, canvas_id, name, spec, status, generation, created_at, updated_at";

    Optional<Resource> find(Connection c, ResourceRef ref) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM plugboard_resource "
                + "WHERE kind = ? AND organization = ? AND canvas_id = ? AND name = ?")) {
            ps.setString(1, ref.kind().name());
            ps.setString(2, ref.scope().organization());
            ps.setString(3, canvasColumn(ref.scope()));
            ps.setString(4, ref.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    Optional<Resource> findByUid(Connection c, String uid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM plugboard_resource WHERE uid = ?")) {
            ps.setString(1, uid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /** @param organization {@code null}: all; @param canvasId {@code null}: any */
    List<Resource> list(Connection c, Kind kind, String organization, String canvasId) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM plugboard_resource WHERE kind = ?");
        List<String> args = new ArrayList<>(List.of(kind.name()));
        if (organization != null) {
            sql.append(" AND organization = ?");
            args.add(organization);
        }
        if (canvasId != null) {
            sql.append(" AND canvas_id = ?");
            args.add(canvasId);
        }
        sql.append(" ORDER BY organization, canvas_id, name");
        List<Resource> result = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setString(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(read(rs));
                }
            }
        }
        return result;
    }

    void insert(Connection c, Resource r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO plugboard_resource (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, r.uid());
            ps.setString(2, r.kind().name());
            ps.setString(3, r.scope().organization());
            ps.setString(4, canvasColumn(r.scope()));
            ps.setString(5, r.name());
            ps.setString(6, json(r.spec()));
            ps.setString(7, json(r.status()));
            ps.setLong(8, r.generation());
            ps.setLong(9, r.createdAt().toEpochMilli());
            ps.setLong(10, r.updatedAt().toEpochMilli());
            ps.executeUpdate();
        }
    }

    void update(Connection c, Resource r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE plugboard_resource SET spec = ?, status = ?, generation = ?, "
                + "updated_at = ? WHERE uid = ?")) {
            ps.setString(1, json(r.spec()));
            ps.setString(2, json(r.status()));
            ps.setLong(3, r.generation());
            ps.setLong(4, r.updatedAt().toEpochMilli());
            ps.setString(5, r.uid());
            ps.executeUpdate();
        }
    }

    /**
     * Replaces the status if the resource is still at {@code generation}. Not a change of the resource: neither
     * generation nor updatedAt move.
     */
    boolean updateStatus(Connection c, String uid, long generation, Map<String, Object> status) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE plugboard_resource SET status = ? WHERE uid = ? AND generation = ?")) {
            ps.setString(1, json(status));
            ps.setString(2, uid);
            ps.setLong(3, generation);
            return ps.executeUpdate() == 1;
        }
    }

    void delete(Connection c, String uid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM plugboard_resource WHERE uid = ?")) {
            ps.setString(1, uid);
            ps.executeUpdate();
        }
    }

    // ---- secret values ------------------------------------------------------------------------------

    Map<String, Sealed> secretValues(Connection c, String uid) throws SQLException {
        Map<String, Sealed> values = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT value_key, key_id, ciphertext FROM plugboard_secret_value WHERE resource_uid = ? ORDER BY value_key")) {
            ps.setString(1, uid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.put(rs.getString(1), new Sealed(rs.getString(2), rs.getString(3)));
                }
            }
        }
        return values;
    }

    void replaceSecretValues(Connection c, String uid, Map<String, Sealed> values) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM plugboard_secret_value WHERE resource_uid = ?")) {
            ps.setString(1, uid);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO plugboard_secret_value (resource_uid, value_key, key_id, ciphertext) VALUES (?, ?, ?, ?)")) {
            for (Map.Entry<String, Sealed> e : values.entrySet()) {
                ps.setString(1, uid);
                ps.setString(2, e.getKey());
                ps.setString(3, e.getValue().keyId());
                ps.setString(4, e.getValue().ciphertext());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** One batch of values not under {@code keyId}: (resource uid, value key) → sealed value. */
    List<Object[]> valuesNotUnder(Connection c, String keyId, int limit) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT resource_uid, value_key, key_id, ciphertext "
                + "FROM plugboard_secret_value WHERE key_id <> ? ORDER BY resource_uid, value_key")) {
            ps.setString(1, keyId);
            ps.setMaxRows(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Object[] {rs.getString(1), rs.getString(2), new Sealed(rs.getString(3), rs.getString(4))});
                }
            }
        }
        return rows;
    }

    /** Replaces one value if it is still under the key it was read under. */
    boolean reseal(Connection c, String uid, String valueKey, Sealed before, Sealed after) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE plugboard_secret_value SET key_id = ?, ciphertext = ? "
                + "WHERE resource_uid = ? AND value_key = ? AND key_id = ? AND ciphertext = ?")) {
            ps.setString(1, after.keyId());
            ps.setString(2, after.ciphertext());
            ps.setString(3, uid);
            ps.setString(4, valueKey);
            ps.setString(5, before.keyId());
            ps.setString(6, before.ciphertext());
            return ps.executeUpdate() == 1;
        }
    }

    // ---- mapping ------------------------------------------------------------------------------------

    private static Resource read(ResultSet rs) throws SQLException {
        String canvas = rs.getString(4);
        ResourceRef ref = new ResourceRef(Kind.valueOf(rs.getString(2)),
                new Scope(rs.getString(3), canvas.isEmpty() ? null : canvas), rs.getString(5));
        return new Resource(ref, rs.getString(1), rs.getLong(8), Instant.ofEpochMilli(rs.getLong(9)),
                Instant.ofEpochMilli(rs.getLong(10)), map(rs.getString(6)), map(rs.getString(7)));
    }

    private static String canvasColumn(Scope scope) {
        return scope.canvasId() == null ? "" : scope.canvasId();
    }

    static String json(Map<String, Object> value) {
        return JsonColumns.write(value);
    }

    static Map<String, Object> map(String json) {
        return JsonColumns.read(json);
    }
}
