package io.plugboard.shell;

import java.util.Collection;
import java.util.stream.Collectors;

import io.plugboard.api.provider.Capability;
import io.plugboard.api.provider.ProviderRegistry;
import io.plugboard.api.provider.RegisteredProvider;

/** Shared text formatting for the commands. */
final class Format {

    private Format() {
    }

    static String capabilities(RegisteredProvider p) {
        return join(p.capabilities().stream().map(Capability::label).sorted().toList());
    }

    static String ids(ProviderRegistry registry) {
        return join(registry.providers().stream().map(RegisteredProvider::id).toList());
    }

    static String join(Collection<String> values) {
        return values.isEmpty() ? "-" : values.stream().collect(Collectors.joining(", "));
    }
}
