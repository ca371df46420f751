package io.plugboard.shell.internal;

import java.util.List;
import java.util.Objects;

import io.plugboard.api.connection.Connection;
import io.plugboard.api.connection.ConnectionTypeRef;
import io.plugboard.api.resource.Scope;
import org.apache.karaf.shell.api.action.Option;

/**
 * A command on one connection, named by the type and name arguments of the subclass, in the scope given by -o and -c.
 */
abstract class NamedConnectionCommand extends ConnectionCommand {

    @Option(name = "-o", aliases = "--organization", description = "Organization of the connection (default: default)")
    String organization;

    @Option(name = "-c", aliases = "--canvas",
            description = "Canvas id, for a connection narrowed to a canvas (default: organization-wide)")
    String canvas;

    /** The type argument as typed (declared by the subclass, with its completer). */
    abstract String typeArgument();

    /** The name argument (declared by the subclass, with its completer). */
    abstract String name();

    Scope scope() {
        return Scope.of(organization, canvas);
    }

    ConnectionTypeRef ref() {
        return typeRef(typeArgument());
    }

    /** The connection, or a message naming it with the scopes where one of that name does exist. */
    Connection connection() {
        ConnectionTypeRef ref = ref();
        return connections().find(scope(), ref, name()).orElseThrow(() -> notFound(ref));
    }

    IllegalArgumentException notFound(ConnectionTypeRef ref) {
        List<String> elsewhere = connections().list(null, ref).stream()
                .filter(c -> c.name().equals(name()))
                .map(Connection::scope)
                .filter(Objects::nonNull)
                .map(s -> s.isCanvas() ? "-o " + s.organization() + " -c " + s.canvasId() : "-o " + s.organization())
                .toList();
        String hint = elsewhere.isEmpty() ? " See plugboard:connection-list."
                : " There is one with: " + String.join(", ", elsewhere) + ".";
        return new IllegalArgumentException("No connection " + ref + " '" + name() + "' in " + Format.describe(scope())
                + "." + hint);
    }
}
