package io.plugboard.core.internal.registry;

/** A capability service registered for a provider id. */
record Contribution<T>(String providerId, T service, ProviderOrigin origin) {
}
