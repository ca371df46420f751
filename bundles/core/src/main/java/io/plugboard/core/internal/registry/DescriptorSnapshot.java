package io.plugboard.core.internal.registry;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.plugboard.api.provider.AuthMode;
import io.plugboard.api.provider.EventType;
import io.plugboard.api.provider.OAuthServerSpec;
import io.plugboard.api.provider.Provider;

/**
 * An immutable, validated copy of a provider's descriptor, taken once when the service appears, so a
 * misbehaving provider cannot break listings later.
 */
record DescriptorSnapshot(String id, String name, String description, String icon, Set<AuthMode> authModes,
                          List<EventType> eventTypes, List<String> filterFields, List<OAuthServerSpec> oauthServers,
                          Provider source) implements Provider {

    /** Asked of the provider itself each time: the API base depends on each integration's url. */
    @Override
    public io.plugboard.api.outbound.ApiEndpoint api(String integrationUrl) {
        return source.api(integrationUrl);
    }

    /** Asked of the provider itself each time: a CI issuer may depend on the integration's url (Semaphore). */
    @Override
    public String ciIssuer(String integrationUrl) {
        return source.ciIssuer(integrationUrl);
    }

    @Override
    public Set<String> caseInsensitiveFilterFields() {
        Set<String> fields = source.caseInsensitiveFilterFields();
        return fields == null ? Set.of() : Set.copyOf(fields);
    }

    /** Copies and validates {@code provider}; throws {@link IllegalArgumentException} with the reason. */
    static DescriptorSnapshot of(Provider provider) {
        String id = provider.id();
        if (!Provider.isValidId(id)) {
            throw new IllegalArgumentException("invalid provider id '" + id + "': must match [a-z0-9]+");
        }
        String name = provider.name();
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("provider '" + id + "' has no name");
        }
        Set<AuthMode> modes = provider.authModes();
        List<EventType> events = provider.eventTypes();
        List<String> filters = provider.filterFields();
        List<OAuthServerSpec> servers = provider.oauthServers();
        return new DescriptorSnapshot(id, name, nullToEmpty(provider.description()), provider.icon(),
                modes == null || modes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(modes)),
                events == null ? List.of() : List.copyOf(events),
                filters == null ? List.of() : List.copyOf(filters), servers == null ? List.of() : List.copyOf(servers),
                provider);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
