package io.plugboard.core.internal.storage;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.Test;

public class DatabaseStatusTest {

    @Test
    public void migratesOnceAndIsIdempotent() throws Exception {
        JdbcDataSource ds = h2("idempotent");
        DatabaseStatus first = new DatabaseStatus(ds, "1.2.3");
        new DatabaseStatus(ds, "1.2.3"); // second start: nothing to do, no error

        assertTrue(first.databaseUp());
        assertEquals("1.2.3", first.version());
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery(
                    "SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"success\" = TRUE AND \"version\" = '1'")) {
                rs.next();
                assertEquals(1, rs.getInt(1));
            }
            try (ResultSet rs = st.executeQuery("SELECT meta_value FROM plugboard_meta WHERE meta_key = 'schema'")) {
                assertTrue(rs.next());
                assertEquals("plugboard", rs.getString(1));
            }
        }
    }

    @Test
    public void reportsTheDatabaseDownWhenItCannotConnect() {
        JdbcDataSource ds = h2("down");
        DatabaseStatus status = new DatabaseStatus(ds, (String) null);
        assertEquals("unknown", status.version());
        ds.setURL("jdbc:h2:file:/nonexistent-dir/x;IFEXISTS=TRUE");
        assertFalse(status.databaseUp());
    }

    private static JdbcDataSource h2(String name) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        return ds;
    }
}
