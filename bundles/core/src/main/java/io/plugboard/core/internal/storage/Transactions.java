package io.plugboard.core.internal.storage;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

/** Runs JDBC work on a connection of the Plugboard DataSource: read-only, or as one transaction. */
public final class Transactions {

    /** Work on a connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;

    public Transactions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs {@code work} with auto-commit: for reads. */
    public <T> T read(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    /**
     * Runs {@code work} as one transaction: committed when it returns, rolled back when it throws (the exception is
     * rethrown as it is, SQL errors wrapped in {@link StorageException}).
     */
    public <T> T inTransaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    /** A database error: the operation did not happen. */
    public static final class StorageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public StorageException(SQLException cause) {
            super("Database error: " + cause.getMessage(), cause);
        }
    }
}
