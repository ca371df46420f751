package io.plugboard.shell.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.plugboard.api.connection.Connection;
import io.plugboard.api.connection.ConnectionExistsException;
import io.plugboard.api.connection.ConnectionNotFoundException;
import io.plugboard.api.connection.ConnectionService;
import io.plugboard.api.connection.ConnectionStatus;
import io.plugboard.api.connection.ConnectionTypeRef;
import io.plugboard.api.connection.CreatedConnection;
import io.plugboard.api.connection.FormField;
import io.plugboard.api.connection.NewConnection;
import io.plugboard.api.resource.FieldError;
import io.plugboard.api.resource.InvalidResourceException;
import io.plugboard.api.resource.Scope;

/**
 * In-memory ConnectionService. Forms are set per type; {@link #refuse} makes create fail validation;
 * {@link #verdicts} is what test finds. {@link #storage} fails the test: no command may read stored values.
 */
class FakeConnectionService implements ConnectionService {

    static final Instant T0 = Instant.parse("2024-05-01T10:00:00.123Z");

    /** By uid, in the order added. */
    final Map<String, Connection> store = new LinkedHashMap<>();
    final Map<ConnectionTypeRef, List<FormField>> forms = new HashMap<>();
    final List<String> formCalls = new ArrayList<>();
    final List<NewConnection> requests = new ArrayList<>();
    final List<String> deleted = new ArrayList<>();
    final List<String> tested = new ArrayList<>();
    /** What test(uid) finds: the new status and subject. */
    final Map<String, Connection> verdicts = new HashMap<>();
    /** Non-empty: create refuses the input with these errors. */
    List<FieldError> refuse = List.of();
    /** What create returns to be shown once. */
    Map<String, Object> displayOnce = Map.of();
    /** The type argument of the last list call ({@code "none"} before any). */
    Object lastListType = "none";

    Connection add(Scope scope, String type, String name, ConnectionStatus status, Map<String, String> subject) {
        Connection c = new Connection("uid-" + (store.size() + 1), scope, ConnectionTypeRef.parse(type), name,
                "default", status, subject, T0, T0.plusSeconds(60));
        store.put(c.uid(), c);
        return c;
    }

    @Override
    public List<FormField> form(ConnectionTypeRef type, String source) {
        formCalls.add(type + "#" + source);
        List<FormField> form = forms.get(type);
        if (form == null) {
            throw new ConnectionNotFoundException("No connection type " + type);
        }
        return form;
    }

    @Override
    public CreatedConnection create(NewConnection request) {
        requests.add(request);
        if (!refuse.isEmpty()) {
            throw new InvalidResourceException(refuse);
        }
        if (find(request.scope(), request.type(), request.name()).isPresent()) {
            throw new ConnectionExistsException("exists: " + request.name());
        }
        Connection c = new Connection("uid-" + (store.size() + 1), request.scope(), request.type(), request.name(),
                request.source(), ConnectionStatus.UNKNOWN, Map.of(), T0, T0);
        store.put(c.uid(), c);
        return new CreatedConnection(c, displayOnce);
    }

    @Override
    public List<Connection> list(Scope scope, ConnectionTypeRef type) {
        lastListType = type;
        return store.values().stream()
                .filter(c -> scope == null || scope.equals(c.scope()))
                .filter(c -> type == null || type.equals(c.type()))
                .sorted(Comparator.comparing(Connection::type).thenComparing(Connection::name)
                        .thenComparing(c -> c.scope().toString()))
                .toList();
    }

    @Override
    public Optional<Connection> find(Scope scope, ConnectionTypeRef type, String name) {
        return store.values().stream()
                .filter(c -> c.scope().equals(scope) && c.type().equals(type) && c.name().equals(name))
                .findFirst();
    }

    @Override
    public Optional<Connection> get(String uid) {
        return Optional.ofNullable(store.get(uid));
    }

    /** Set to make the next delete without force fail as a refused revocation would. */
    boolean revocationFails;

    @Override
    public void delete(String uid, boolean force) {
        if (!store.containsKey(uid)) {
            throw new ConnectionNotFoundException("No connection " + uid);
        }
        if (revocationFails && !force) {
            throw new io.plugboard.api.connection.RevocationFailedException("Revoking failed: 503", null);
        }
        store.remove(uid);
        deleted.add(uid);
    }

    @Override
    public io.plugboard.api.connection.CreatedConnection store(io.plugboard.api.connection.ObtainedConnection connection) {
        throw new UnsupportedOperationException("not used by the shell");
    }

    @Override
    public Map<String, Object> updateStorage(String uid, java.util.function.UnaryOperator<Map<String, Object>> update) {
        throw new AssertionError("the shell must not touch stored values");
    }

    @Override
    public void setStatus(String uid, io.plugboard.api.connection.ConnectionStatus status) {
        throw new UnsupportedOperationException("not used by the shell");
    }

    @Override
    public Connection test(String uid) {
        Connection c = store.get(uid);
        if (c == null) {
            throw new ConnectionNotFoundException("No connection " + uid);
        }
        tested.add(uid);
        Connection verdict = verdicts.getOrDefault(uid, c);
        Connection updated = new Connection(c.uid(), c.scope(), c.type(), c.name(), c.source(), verdict.status(),
                verdict.subject(), c.createdAt(), T0.plusSeconds(600));
        store.put(uid, updated);
        return updated;
    }

    @Override
    public Map<String, Object> storage(String uid) {
        throw new AssertionError("a shell command read the stored values of " + uid);
    }
}
