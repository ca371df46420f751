package io.plugboard.rest.internal;

import java.util.List;

import io.plugboard.api.provider.AuthMode;
import io.plugboard.api.provider.Capability;
import io.plugboard.api.provider.EventType;
import io.plugboard.api.provider.Provider;
import io.plugboard.api.provider.RegisteredProvider;

/** JSON view of an active provider. */
public record ProviderView(String id, String name, String description, String icon, String bundle, String version,
                           List<String> capabilities, List<String> authModes, List<EventType> eventTypes,
                           List<String> filterFields, List<ActionView> actions) {

    public static ProviderView of(RegisteredProvider p) {
        Provider d = p.descriptor();
        return new ProviderView(p.id(), p.name(), d.description(), d.icon(), p.bundleSymbolicName(), p.bundleVersion(),
                p.capabilities().stream().map(Capability::label).sorted().toList(),
                d.authModes().stream().sorted().map(AuthMode::name).toList(),
                d.eventTypes(), d.filterFields(),
                p.actions().stream().map(ActionView::of).sorted(java.util.Comparator.comparing(ActionView::name)).toList());
    }
}
