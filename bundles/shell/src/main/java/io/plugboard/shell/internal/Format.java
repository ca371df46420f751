package io.plugboard.shell.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import io.plugboard.api.provider.Capability;
import io.plugboard.api.provider.ProviderRegistry;
import io.plugboard.api.provider.RegisteredProvider;
import io.plugboard.api.resource.Kind;
import io.plugboard.api.resource.ResourceRef;
import io.plugboard.api.resource.Scope;

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

    /** A value for a table cell: {@code -} when absent or empty. */
    static String orDash(Object value) {
        return value == null || value.toString().isEmpty() ? "-" : value.toString();
    }

    /** A kind as users type it in commands: {@code secret}, {@code integration}, {@code eventsource}. */
    static String kind(Kind kind) {
        return kind.kindName().toLowerCase(Locale.ROOT);
    }

    /** The plural in lower case words, for sentences: {@code event sources}. */
    static String plural(Kind kind) {
        return kind == Kind.EVENT_SOURCE ? "event sources" : kind.plural();
    }

    /**
     * kubectl style: {@code secret/semaphore}, with the scope when it is not the default organization-wide one:
     * {@code eventsource/my-project (default/canvas-1)}.
     */
    static String label(ResourceRef ref) {
        return kind(ref.kind()) + "/" + ref.name() + (isDefault(ref.scope()) ? "" : " (" + ref.scope() + ")");
    }

    static boolean isDefault(Scope scope) {
        return !scope.isCanvas() && Scope.DEFAULT_ORGANIZATION.equals(scope.organization());
    }

    /** {@code organization 'default'} or {@code canvas 'c1' of organization 'default'}. */
    static String describe(Scope scope) {
        return scope.isCanvas() ? "canvas '" + scope.canvasId() + "' of organization '" + scope.organization() + "'"
                : "organization '" + scope.organization() + "'";
    }

    /** {@code 2024-05-01T10:00:00Z}: to the second, UTC. */
    static String time(Instant instant) {
        return instant == null ? "-" : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** The value at a dotted path of nested maps ({@code spec.integration.name}), or {@code null}. */
    static Object path(Map<String, Object> map, String dottedPath) {
        Object current = map;
        for (String key : dottedPath.split("\\.")) {
            if (!(current instanceof Map<?, ?> m)) {
                return null;
            }
            current = m.get(key);
        }
        return current;
    }

    /** The labels of some references, comma separated. */
    static String labels(List<ResourceRef> refs) {
        return refs.stream().map(Format::label).collect(Collectors.joining(", "));
    }
}
