package io.plugboard.api.cluster;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Values one request stores and a later request reads, on any node: an OAuth value shown once, a state handed to a
 * browser. Stored in the database, sealed with the data keys like every secret, and gone after they expire.
 * Values are JSON-like maps (strings, numbers, booleans, lists and maps of them).
 */
@ProviderType
public interface SharedValues {

    /** Stores (or replaces) the value {@code kind}/{@code id} for {@code ttl}. */
    void put(String kind, String id, Map<String, Object> value, Duration ttl);

    /** The value, removed as it is read: two callers, on one node or two, never both get it. */
    Optional<Map<String, Object>> take(String kind, String id);

    /** The value, left in place. */
    Optional<Map<String, Object>> get(String kind, String id);

    /** Removes the value, if there is one. */
    void remove(String kind, String id);
}
