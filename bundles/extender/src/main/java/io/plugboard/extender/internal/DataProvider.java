package io.plugboard.extender.internal;

import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.plugboard.api.provider.AuthMode;
import io.plugboard.api.provider.EventType;
import io.plugboard.api.provider.OAuthServerSpec;
import io.plugboard.api.provider.Provider;

/** A provider descriptor read from a data-only bundle's {@code provider.yaml}. Immutable. */
public record DataProvider(String id, String name, String description, String icon, Set<AuthMode> authModes,
                           List<EventType> eventTypes, List<String> filterFields, List<OAuthServerSpec> oauthServers)
        implements Provider {

    public DataProvider {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        authModes = Set.copyOf(authModes);
        eventTypes = List.copyOf(eventTypes);
        filterFields = List.copyOf(filterFields);
        oauthServers = oauthServers == null ? List.of() : List.copyOf(oauthServers);
    }
}
