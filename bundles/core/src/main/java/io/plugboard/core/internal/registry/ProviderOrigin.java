package io.plugboard.core.internal.registry;

/**
 * Where a service came from: its service id (identity, also arrival order) and the bundle that registered it.
 */
record ProviderOrigin(long serviceId, String bundleSymbolicName, String bundleVersion) {
}
