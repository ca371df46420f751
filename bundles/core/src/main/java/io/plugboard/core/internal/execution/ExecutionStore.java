package io.plugboard.core.internal.execution;

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

import io.plugboard.api.execution.Execution;
import io.plugboard.api.execution.ExecutionQuery;
import io.plugboard.api.execution.ExecutionState;
import io.plugboard.api.resource.Scope;
import io.plugboard.core.internal.storage.JsonColumns;
import io.plugboard.core.internal.storage.Transactions;

/**
 * The {@code plugboard_execution} table. Every change of state is a compare-and-set on the state it was read in, so
 * a webhook, a poll and a cancel that race end with one winner.
 */
final class ExecutionStore {

    private static final String COLUMNS = "id, organization, canvas_id, integration_uid, integration_name, provider, "
            + "action, state, input, provider_ids, outputs, reason, trigger_text, attempts, in_flight, next_at, "
            + "created_at, started_at, finished_at, updated_at";

    private final Transactions jdbc;

    ExecutionStore(Transactions jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a new execution; {@code false} when one with the same trigger key exists (nothing stored). */
    boolean insert(Execution e, String integrationUid, String triggerKey, Instant nextAt) {
        try {
            return jdbc.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO plugboard_execution (" + COLUMNS
                        + ", trigger_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, FALSE, ?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, e.id());
                    ps.setString(2, e.scope().organization());
                    ps.setString(3, e.scope().canvasId() == null ? "" : e.scope().canvasId());
                    ps.setString(4, integrationUid);
                    ps.setString(5, e.integration());
                    ps.setString(6, e.provider());
                    ps.setString(7, e.action());
                    ps.setString(8, e.state().name());
                    ps.setString(9, JsonColumns.write(e.input()));
                    ps.setString(10, JsonColumns.write(new LinkedHashMap<>(e.ids())));
                    ps.setString(11, JsonColumns.write(e.outputs()));
                    ps.setString(12, cut(e.reason()));
                    ps.setString(13, e.trigger());
                    setTime(ps, 14, nextAt);
                    setTime(ps, 15, e.createdAt());
                    setTime(ps, 16, e.startedAt());
                    setTime(ps, 17, e.finishedAt());
                    setTime(ps, 18, e.createdAt());
                    ps.setString(19, triggerKey);
                    ps.executeUpdate();
                }
                return true;
            });
        } catch (Transactions.StorageException ex) {
            if (ex.getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return false;
            }
            throw ex;
        }
    }

    Optional<StoredExecution> get(String id) {
        return jdbc.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM plugboard_execution WHERE id = ?")) {
                ps.setString(1, id);
                List<StoredExecution> found = rows(ps);
                return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
            }
        });
    }

    List<Execution> list(ExecutionQuery q) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM plugboard_execution WHERE 1 = 1");
        List<String> args = new ArrayList<>();
        if (q.organization() != null) {
            sql.append(" AND organization = ?");
            args.add(q.organization());
        }
        if (q.integration() != null) {
            sql.append(" AND integration_name = ?");
            args.add(q.integration());
        }
        if (q.state() != null) {
            sql.append(" AND state = ?");
            args.add(q.state().name());
        }
        sql.append(" ORDER BY created_at DESC, id DESC");
        return jdbc.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    ps.setString(i + 1, args.get(i));
                }
                ps.setMaxRows(q.limit());
                return rows(ps).stream().map(StoredExecution::view).toList();
            }
        });
    }

    /** Executions in {@code state} whose {@code next_at} has come, oldest first. */
    List<StoredExecution> due(ExecutionState state, Instant now, int max) {
        return jdbc.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM plugboard_execution "
                    + "WHERE state = ? AND next_at <= ? ORDER BY next_at, id")) {
                ps.setString(1, state.name());
                ps.setLong(2, now.toEpochMilli());
                ps.setMaxRows(max);
                return rows(ps);
            }
        });
    }

    /**
     * The executions of one integration and action that a report may be about: running, or started after
     * {@code since}; oldest first.
     */
    List<StoredExecution> candidates(String integrationUid, String action, Instant since) {
        return jdbc.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM plugboard_execution "
                    + "WHERE integration_uid = ? AND action = ? AND (state = ? OR started_at >= ?) ORDER BY created_at, id")) {
                ps.setString(1, integrationUid);
                ps.setString(2, action);
                ps.setString(3, ExecutionState.RUNNING.name());
                ps.setLong(4, since.toEpochMilli());
                return rows(ps);
            }
        });
    }

    /** The integrations with a running execution. */
    List<String> integrationsRunning() {
        return jdbc.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT DISTINCT integration_uid FROM plugboard_execution WHERE state = ?")) {
                ps.setString(1, ExecutionState.RUNNING.name());
                List<String> uids = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        uids.add(rs.getString(1));
                    }
                }
                return uids;
            }
        });
    }

    /**
     * Takes a pending execution for one start call: counts the attempt and marks it in flight, if it is still pending
     * and not in flight. {@code false}: someone else took it, or it changed.
     */
    boolean claimStart(String id, Instant now) {
        return jdbc.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE plugboard_execution SET attempts = attempts + 1, "
                    + "in_flight = TRUE, updated_at = ? WHERE id = ? AND state = ? AND in_flight = FALSE")) {
                ps.setLong(1, now.toEpochMilli());
                ps.setString(2, id);
                ps.setString(3, ExecutionState.PENDING.name());
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Pending executions whose start call was under way when the server stopped. */
    List<StoredExecution> inFlight() {
        return jdbc.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM plugboard_execution "
                    + "WHERE state = ? AND in_flight = TRUE")) {
                ps.setString(1, ExecutionState.PENDING.name());
                return rows(ps);
            }
        });
    }

    /**
     * Moves an execution from {@code from} to the new values, if it is still in {@code from}; clears in_flight.
     *
     * @return whether it moved
     */
    boolean update(String id, ExecutionState from, ExecutionState to, Map<String, String> ids,
                   Map<String, Object> outputs, String reason, Instant nextAt, Instant startedAt, Instant finishedAt,
                   Instant now) {
        return jdbc.inTransaction(c -> update(c, id, from, to, ids, outputs, reason, nextAt, startedAt, finishedAt, now));
    }

    private static boolean update(Connection c, String id, ExecutionState from, ExecutionState to, Map<String, String> ids,
                                  Map<String, Object> outputs, String reason, Instant nextAt, Instant startedAt,
                                  Instant finishedAt, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE plugboard_execution SET state = ?, provider_ids = ?, "
                + "outputs = ?, reason = ?, next_at = ?, started_at = ?, finished_at = ?, updated_at = ?, in_flight = FALSE "
                + "WHERE id = ? AND state = ?")) {
            ps.setString(1, to.name());
            ps.setString(2, JsonColumns.write(new LinkedHashMap<>(ids)));
            ps.setString(3, JsonColumns.write(outputs));
            ps.setString(4, cut(reason));
            setTime(ps, 5, nextAt);
            setTime(ps, 6, startedAt);
            setTime(ps, 7, finishedAt);
            ps.setLong(8, now.toEpochMilli());
            ps.setString(9, id);
            ps.setString(10, from.name());
            return ps.executeUpdate() == 1;
        }
    }

    /** Sets when a running execution is polled next. */
    void nextPoll(String id, Instant at) {
        jdbc.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE plugboard_execution SET next_at = ? WHERE id = ? AND state = ?")) {
                ps.setLong(1, at.toEpochMilli());
                ps.setString(2, id);
                ps.setString(3, ExecutionState.RUNNING.name());
                return ps.executeUpdate();
            }
        });
    }

    private static List<StoredExecution> rows(PreparedStatement ps) throws SQLException {
        List<StoredExecution> result = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String canvas = rs.getString(3);
                Map<String, String> ids = new LinkedHashMap<>();
                JsonColumns.read(rs.getString(10)).forEach((k, v) -> ids.put(k, String.valueOf(v)));
                Execution view = new Execution(rs.getString(1),
                        Scope.of(rs.getString(2), canvas == null || canvas.isEmpty() ? null : canvas),
                        rs.getString(5), rs.getString(6), rs.getString(7), ExecutionState.valueOf(rs.getString(8)),
                        JsonColumns.read(rs.getString(9)), ids, JsonColumns.read(rs.getString(11)), rs.getString(12),
                        rs.getString(13), time(rs, 17), time(rs, 18), time(rs, 19));
                result.add(new StoredExecution(view, rs.getString(4), rs.getInt(14), rs.getBoolean(15), time(rs, 16),
                        time(rs, 20)));
            }
        }
        return result;
    }

    private static Instant time(ResultSet rs, int column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    private static void setTime(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value.toEpochMilli());
        }
    }

    private static String cut(String reason) {
        return reason == null || reason.length() <= 2000 ? reason : reason.substring(0, 1999) + "…";
    }
}
