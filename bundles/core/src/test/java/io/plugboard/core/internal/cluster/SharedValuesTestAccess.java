package io.plugboard.core.internal.cluster;

import java.time.Clock;

import io.plugboard.api.cluster.SharedValues;
import io.plugboard.core.internal.crypto.KeyRing;
import io.plugboard.core.internal.storage.Transactions;

/** For tests in other packages: a {@link SharedValuesImpl} on a test database. */
public final class SharedValuesTestAccess {

    private SharedValuesTestAccess() {
    }

    public static SharedValues create(Transactions jdbc, KeyRing keys) {
        return new SharedValuesImpl(jdbc, keys, Clock.systemUTC());
    }
}
