package io.plugboard.oauth.internal.flow;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

import javax.sql.DataSource;

import io.plugboard.api.connection.ConnectionTypeRef;
import io.plugboard.api.resource.Scope;

/**
 * SQL for OAuth attempts. Tickets, states, browser cookies and sign-up tokens are stored as SHA-256 hashes; each
 * single-use value is consumed by one conditional UPDATE, so two requests racing with the same value cannot both win.
 */
final class AttemptStore {

    private static final String COLUMNS = "id, provider, type_ref, name, source, organization, canvas_id, base_url, "
            + "environment, redirect_uri, code_verifier, nonce, browser_hash, status, reason, connection_uid, created_at, expires_at";

    private final DataSource dataSource;

    AttemptStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    void insert(Attempt a, String ticketHash, String signupHash) {
        update("INSERT INTO plugboard_oauth_attempt (id, ticket_hash, signup_hash, provider, type_ref, name, source, "
                        + "organization, canvas_id, base_url, environment, status, reason, created_at, expires_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?)",
                a.id(), ticketHash, signupHash, a.provider(), a.type().toString(), a.name(), a.source(),
                a.scope().organization(), a.scope().canvasId() == null ? "" : a.scope().canvasId(), a.baseUrl(),
                a.environment(), a.status().name(), a.createdAt().toEpochMilli(), a.expiresAt().toEpochMilli());
    }

    /** Consumes a ticket (once, unexpired) and moves the attempt to LOGIN with its state, browser and PKCE values. */
    Optional<Attempt> consumeTicket(String ticketHash, String stateHash, String browserHash, String redirectUri,
                                    String codeVerifier, String nonce, Instant now) {
        Optional<Attempt> attempt = find("ticket_hash = ?", ticketHash);
        if (attempt.isEmpty()) {
            return Optional.empty();
        }
        int updated = update("UPDATE plugboard_oauth_attempt SET ticket_hash = NULL, state_hash = ?, browser_hash = ?, "
                        + "redirect_uri = ?, code_verifier = ?, nonce = ?, status = 'LOGIN' "
                        + "WHERE id = ? AND ticket_hash = ? AND status = 'PENDING' AND expires_at > ?",
                stateHash, browserHash, redirectUri, codeVerifier, nonce, attempt.get().id(), ticketHash, now.toEpochMilli());
        return updated == 1 ? byId(attempt.get().id()) : Optional.empty();
    }

    /** Consumes a state (once): the attempt moves to EXCHANGING; the caller checks expiry, provider and browser. */
    Optional<Attempt> consumeState(String stateHash) {
        Optional<Attempt> attempt = find("state_hash = ?", stateHash);
        if (attempt.isEmpty()) {
            return Optional.empty();
        }
        int updated = update("UPDATE plugboard_oauth_attempt SET state_hash = NULL, status = 'EXCHANGING' "
                + "WHERE id = ? AND state_hash = ? AND status = 'LOGIN'", attempt.get().id(), stateHash);
        return updated == 1 ? attempt : Optional.empty();
    }

    void finish(String id, Attempt.Status status, String reason, String connectionUid) {
        update("UPDATE plugboard_oauth_attempt SET status = ?, reason = ?, connection_uid = ?, ticket_hash = NULL, "
                        + "state_hash = NULL, code_verifier = NULL WHERE id = ?",
                status.name(), reason.length() > 2000 ? reason.substring(0, 2000) : reason, connectionUid, id);
    }

    Optional<String> idByTicketHash(String ticketHash) {
        return find("ticket_hash = ?", ticketHash).map(Attempt::id);
    }

    Optional<Attempt> byId(String id) {
        return find("id = ?", id);
    }

    Optional<Attempt> bySignupHash(String signupHash) {
        return find("signup_hash = ?", signupHash);
    }

    /** Forgets attempts older than {@code before}. */
    int purge(Instant before) {
        return update("DELETE FROM plugboard_oauth_attempt WHERE created_at < ?", before.toEpochMilli());
    }

    private Optional<Attempt> find(String where, String value) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM plugboard_oauth_attempt WHERE " + where)) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Database error: " + e.getMessage(), e);
        }
    }

    private int update(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Database error: " + e.getMessage(), e);
        }
    }

    private static Attempt read(ResultSet rs) throws SQLException {
        String canvas = rs.getString(7);
        return new Attempt(rs.getString(1), rs.getString(2), ConnectionTypeRef.parse(rs.getString(3)), rs.getString(4),
                rs.getString(5), new Scope(rs.getString(6), canvas.isEmpty() ? null : canvas), rs.getString(8),
                rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13),
                Attempt.Status.valueOf(rs.getString(14)), rs.getString(15), rs.getString(16),
                Instant.ofEpochMilli(rs.getLong(17)), Instant.ofEpochMilli(rs.getLong(18)));
    }
}
