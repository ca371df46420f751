package io.plugboard.core.internal.storage;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import io.plugboard.api.system.SystemStatus;
import org.flywaydb.core.api.output.MigrateResult;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the schema: migrates the {@code plugboard} DataSource (from {@code etc/org.ops4j.datasource-plugboard.cfg})
 * when it appears, then reports version and database health. Registered only after a successful
 * migration, so every consumer of {@link SystemStatus} sees an up-to-date schema.
 */
@Component(service = SystemStatus.class, immediate = true)
public class DatabaseStatus implements SystemStatus {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseStatus.class);
    private static final int VALIDATION_TIMEOUT_SECONDS = 2;

    private final DataSource dataSource;
    private final String version;

    @Activate
    public DatabaseStatus(@Reference(target = "(dataSourceName=plugboard)") DataSource dataSource,
                          BundleContext bundleContext) {
        this(dataSource, bundleContext.getBundle().getHeaders().get("Plugboard-Version"));
    }

    DatabaseStatus(DataSource dataSource, String version) {
        this.dataSource = dataSource;
        this.version = version == null ? "unknown" : version;
        MigrateResult result = SchemaMigrator.migrate(dataSource);
        LOG.info("Database schema at version {} ({} migration(s) applied now)",
                result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                result.migrationsExecuted);
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public boolean databaseUp() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(VALIDATION_TIMEOUT_SECONDS);
        } catch (SQLException e) {
            LOG.debug("Database check failed: {}", e.getMessage());
            return false;
        }
    }
}
