package io.plugboard.shell.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.plugboard.api.connection.Connection;
import io.plugboard.api.connection.ConnectionService;
import io.plugboard.api.connection.ConnectionStatus;
import io.plugboard.api.connection.ConnectionType;
import io.plugboard.api.connection.ConnectionTypeRef;
import io.plugboard.api.connection.ConnectionTypeRegistry;
import io.plugboard.api.connection.InvalidConnectionType;
import io.plugboard.api.resource.Scope;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

/**
 * Base of the commands on connection types and connections. The service references are optional so that a missing
 * service makes these commands fail with a clear message instead of withdrawing every command of this bundle.
 */
abstract class ConnectionCommand implements Action {

    @Reference(optional = true)
    ConnectionService connections;

    @Reference(optional = true)
    ConnectionTypeRegistry registry;

    /** Where the command writes; tests replace it. */
    PrintStream out = System.out;

    ConnectionService connections() {
        if (connections == null) {
            throw new IllegalStateException("The Plugboard connection service is not available; "
                    + "are the io.plugboard.core and io.plugboard.extender bundles active? (see bundle:list)");
        }
        return connections;
    }

    ConnectionTypeRegistry registry() {
        if (registry == null) {
            throw new IllegalStateException("The Plugboard connection type registry is not available; "
                    + "is the io.plugboard.extender bundle active? (see bundle:list)");
        }
        return registry;
    }

    /** {@code <provider>/<name>@<version>}, or a message that says what is expected. */
    static ConnectionTypeRef typeRef(String text) {
        try {
            return ConnectionTypeRef.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + ". See plugboard:connection-type-list.", e);
        }
    }

    /** The type, or a message naming it with what does exist: other versions, or the provider's rejected files. */
    ConnectionType type(ConnectionTypeRef ref) {
        return registry().find(ref).orElseThrow(() -> unknownType(ref));
    }

    private IllegalArgumentException unknownType(ConnectionTypeRef ref) {
        List<String> versions = registry().types().stream().map(ConnectionType::ref)
                .filter(r -> r.provider().equals(ref.provider()) && r.name().equals(ref.name()))
                .map(ConnectionTypeRef::toString).toList();
        List<String> invalid = registry().invalid().stream().filter(i -> ref.provider().equals(i.provider()))
                .map(InvalidConnectionType::file).toList();
        String hint;
        if (!versions.isEmpty()) {
            hint = " Available: " + String.join(", ", versions) + ".";
        } else if (!invalid.isEmpty()) {
            hint = " Provider " + ref.provider() + " has invalid connection type files: " + String.join(", ", invalid)
                    + " (see plugboard:connection-type-list).";
        } else {
            hint = " See plugboard:connection-type-list (a type is there while its provider is active).";
        }
        return new IllegalArgumentException("No connection type " + ref + "." + hint);
    }

    /** {@code connection github/token@1/my-token}, with the scope when it is not the default organization. */
    static String label(Connection c) {
        return label(c.type(), c.name(), c.scope());
    }

    static String label(ConnectionTypeRef type, String name, Scope scope) {
        return "connection " + type + "/" + name
                + (scope == null || Format.isDefault(scope) ? "" : " (" + scope + ")");
    }

    /** {@code Healthy}, or {@code Unhealthy: HTTP 401} when there is a reason. */
    static String state(ConnectionStatus status) {
        return status.state() + (status.reason().isEmpty() ? "" : ": " + status.reason());
    }

    /** Whom a connection belongs to, for a table cell: its {@code sub}, else {@code name}, else {@code email}. */
    static String subject(Map<String, String> subject) {
        for (String claim : List.of("sub", "name", "email")) {
            String value = subject.get(claim);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return "-";
    }

    /** The subject claims, sorted, one {@code   claim: value} line each; {@code   -} when none. */
    void printSubject(Map<String, String> subject) {
        if (subject.isEmpty()) {
            out.println("  -");
        }
        new TreeMap<>(subject).forEach((claim, value) -> out.println("  " + claim + ": " + value));
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
