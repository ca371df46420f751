package io.plugboard.core.registry;

/** A capability service registered for a provider id. */
record Contribution<T>(String providerId, T service, ProviderOrigin origin) {
}
