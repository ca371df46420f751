package io.plugboard.shell.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.plugboard.api.connection.ConnectionType;
import io.plugboard.api.connection.ConnectionTypeRef;
import io.plugboard.api.connection.ConnectionTypeRegistry;
import io.plugboard.api.connection.InvalidConnectionType;

/** In-memory ConnectionTypeRegistry: the types and rejected files the test puts in. */
class FakeConnectionTypeRegistry implements ConnectionTypeRegistry {

    final List<ConnectionType> types = new ArrayList<>();
    final List<InvalidConnectionType> invalid = new ArrayList<>();

    @Override
    public List<ConnectionType> types() {
        return types.stream().sorted((a, b) -> a.ref().compareTo(b.ref())).toList();
    }

    @Override
    public Optional<ConnectionType> find(ConnectionTypeRef ref) {
        return types.stream().filter(t -> t.ref().equals(ref)).findFirst();
    }

    @Override
    public List<InvalidConnectionType> invalid() {
        return List.copyOf(invalid);
    }
}
