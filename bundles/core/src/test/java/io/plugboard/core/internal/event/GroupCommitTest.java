package io.plugboard.core.internal.event;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.plugboard.core.internal.storage.Transactions;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.After;
import org.junit.Test;

public class GroupCommitTest {

    private final JdbcDataSource dataSource = h2();
    private final Transactions jdbc = new Transactions(dataSource);
    private final GroupCommit writer;

    public GroupCommitTest() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (k VARCHAR(10) PRIMARY KEY, v INT NOT NULL)");
        }
        writer = new GroupCommit(jdbc, 16, "test-writer");
    }

    @After
    public void stop() {
        writer.stop();
    }

    @Test
    public void concurrentWritesAreAllCommittedAndEachCallerReturnsAfterItsCommit() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(32);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String key = "k" + i;
            results.add(pool.submit(() -> {
                go.await();
                boolean written = writer.write(c -> insert(c, key, 1), 100);
                // committed when write returns: another connection sees the row
                assertEquals(1, count("SELECT COUNT(*) FROM t WHERE k = '" + key + "'"));
                return written;
            }));
        }
        go.countDown();
        for (Future<Boolean> f : results) {
            assertTrue(f.get());
        }
        pool.shutdown();
        assertEquals(200, count("SELECT COUNT(*) FROM t"));
    }

    @Test
    public void aDuplicateIsRolledBackAloneAndReported() throws Exception {
        assertTrue(writer.write(c -> insert(c, "a", 1), 100));
        assertFalse("the same key again: a duplicate", writer.write(c -> insert(c, "a", 2), 100));
        assertEquals(1, count("SELECT v FROM t WHERE k = 'a'"));
    }

    @Test
    public void aFailingWriteFailsOnlyItself() throws Exception {
        RuntimeException e = assertThrows(RuntimeException.class, () -> writer.write(c -> {
            insert(c, "half", 1);
            insert(c, "bad", null);          // NOT NULL violated: not a duplicate, an error
        }, 100));
        assertTrue(e.toString(), e instanceof Transactions.StorageException);
        assertEquals("the failed write's first row is rolled back too", 0, count("SELECT COUNT(*) FROM t WHERE k = 'half'"));
        assertTrue(writer.write(c -> insert(c, "good", 1), 100));
        assertEquals(1, count("SELECT COUNT(*) FROM t"));
    }

    private static void insert(Connection c, String key, Integer value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (k, v) VALUES (?, ?)")) {
            ps.setString(1, key);
            ps.setObject(2, value);
            ps.executeUpdate();
        }
    }

    private int count(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static JdbcDataSource h2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:group-commit-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        return ds;
    }
}
