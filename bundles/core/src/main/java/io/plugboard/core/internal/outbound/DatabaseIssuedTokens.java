package io.plugboard.core.internal.outbound;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.plugboard.api.cluster.SharedValues;
import io.plugboard.api.provider.IssuedToken;
import io.plugboard.core.internal.storage.Transactions;

/**
 * {@link IssuedTokens.Shared} in the database: the token sealed in {@link SharedValues} until it expires, and the turns
 * taken under a row lock ({@code SELECT ... FOR UPDATE} on the row {@code token:<uid>} of {@code plugboard_task_lease},
 * held while the token is asked for), as OAuth refreshes are under their connection's row.
 */
final class DatabaseIssuedTokens implements IssuedTokens.Shared {

    private static final String KIND = "issued-token";

    private final Transactions jdbc;
    private final SharedValues values;

    DatabaseIssuedTokens(Transactions jdbc, SharedValues values) {
        this.jdbc = jdbc;
        this.values = values;
    }

    @Override
    public Optional<IssuedToken> get(String uid, long generation) {
        return values.get(KIND, uid).filter(v -> v.get("generation") instanceof Number g && g.longValue() == generation
                        && v.get("token") instanceof String && v.get("expiresAt") instanceof Number)
                .map(v -> new IssuedToken((String) v.get("token"),
                        Instant.ofEpochMilli(((Number) v.get("expiresAt")).longValue())));
    }

    @Override
    public void put(String uid, long generation, IssuedToken token) {
        Duration left = Duration.between(Instant.now(), token.expiresAt());
        if (!left.isNegative() && !left.isZero()) {
            values.put(KIND, uid, Map.of("token", token.token(), "expiresAt", token.expiresAt().toEpochMilli(),
                    "generation", generation), left);
        }
    }

    @Override
    public void forget(String uid) {
        values.remove(KIND, uid);
    }

    @Override
    public <T> T exclusive(String uid, Supplier<T> work) {
        String row = "token:" + uid;
        jdbc.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO plugboard_task_lease (task, owner, until_at) "
                    + "VALUES (?, '', 0)")) {
                ps.setString(1, row);
                return ps.executeUpdate();
            } catch (SQLException e) {
                if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                    return 0; // there already
                }
                throw e;
            }
        });
        return jdbc.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT task FROM plugboard_task_lease WHERE task = ? FOR UPDATE")) {
                ps.setString(1, row);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                }
            }
            return work.get(); // the lock is released at the commit (or the rollback, when work throws)
        });
    }
}
