package io.plugboard.core.internal.crypto;

import java.io.IOException;
import java.security.SecureRandom;

import javax.sql.DataSource;

import io.plugboard.api.system.SystemStatus;
import io.plugboard.core.internal.CoreConfiguration;
import io.plugboard.core.internal.DataDirectory;
import io.plugboard.core.internal.storage.Transactions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The one {@link KeyRing} of this server, loaded from the database, shared by everything in core that seals values
 * (secrets, connections): a rotation switches the active data key for all of them at once. Private to core.
 */
@Component(service = Vault.class, configurationPid = CoreConfiguration.PID)
public class Vault {

    private final KeyRing keys;

    @Activate
    public Vault(@Reference(target = "(dataSourceName=plugboard)") DataSource dataSource,
                 @Reference SystemStatus migratedSchema, CoreConfiguration config) throws IOException {
        this(new KeyRing(MasterKey.load(config.masterKey(), System.getenv(MasterKey.ENVIRONMENT_VARIABLE),
                config.masterKeyFile(), DataDirectory.resolve(config.dataDirectory()), new SecureRandom()),
                new SecureRandom()), new Transactions(dataSource));
    }

    public Vault(KeyRing keys, Transactions jdbc) {
        this.keys = keys;
        keys.load(jdbc);
    }

    public KeyRing keys() {
        return keys;
    }
}
