package io.plugboard.core.internal.storage;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Brings the Plugboard schema up to date with the Flyway migrations in this bundle ({@code db/migration}). */
public final class SchemaMigrator {

    private SchemaMigrator() {
    }

    public static MigrateResult migrate(DataSource dataSource) {
        // the bundle's class loader: Flyway finds db/migration/*.sql inside this bundle
        return Flyway.configure(SchemaMigrator.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }
}
