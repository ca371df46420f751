package io.plugboard.rest.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.plugboard.api.connection.Connection;
import io.plugboard.api.connection.ConnectionService;
import io.plugboard.api.connection.ConnectionSource;
import io.plugboard.api.connection.ConnectionType;
import io.plugboard.api.connection.FormField;
import io.plugboard.api.connection.InvalidConnectionType;
import io.plugboard.api.connection.SourceKind;

/** JSON shapes of connection types and connections. A connection's stored values are never part of them. */
final class ConnectionViews {

    private ConnectionViews() {
    }

    static Map<String, Object> summary(ConnectionType type) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("type", type.ref().toString());
        view.put("provider", type.ref().provider());
        view.put("name", type.ref().name());
        view.put("version", type.ref().version());
        view.put("summary", type.summary());
        view.put("sources", type.sources().stream().map(s -> Map.of("name", s.name(), "kind", s.kind().kindName())).toList());
        view.put("probe", type.probe() != null);
        return view;
    }

    /** Everything about a type, with the input form of each Form source. */
    static Map<String, Object> detail(ConnectionType type, ConnectionService connections) {
        Map<String, Object> view = summary(type);
        view.put("description", type.description());
        view.put("origin", type.origin());
        view.put("sources", type.sources().stream().map(s -> source(type, s, connections)).toList());
        Map<String, Object> schemas = new LinkedHashMap<>();
        schemas.put("storage", type.storageSchema());
        if (type.displayOnceSchema() != null) {
            schemas.put("displayOnce", type.displayOnceSchema());
        }
        view.put("schemas", schemas);
        if (type.probe() != null) {
            Map<String, Object> probe = new LinkedHashMap<>();
            probe.put("url", type.probe().url());
            probe.put("headers", type.probe().headers());
            probe.put("userInfoMapping", type.probe().userInfoMapping());
            view.put("probe", probe);
        } else {
            view.remove("probe");
        }
        return view;
    }

    private static Map<String, Object> source(ConnectionType type, ConnectionSource source, ConnectionService connections) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", source.name());
        view.put("kind", source.kind().kindName());
        view.put("summary", source.summary());
        view.put("description", source.description());
        if (source.kind() == SourceKind.FORM) {
            view.put("form", connections.form(type.ref(), source.name()).stream().map(ConnectionViews::field).toList());
        }
        return view;
    }

    static Map<String, Object> field(FormField field) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", field.name());
        view.put("title", field.title());
        view.put("description", field.description());
        view.put("type", field.type());
        view.put("required", field.required());
        view.put("writeOnly", field.secret());
        if (!field.options().isEmpty()) {
            view.put("enum", field.options());
        }
        if (field.defaultValue() != null) {
            view.put("default", field.defaultValue());
        }
        return view;
    }

    static Map<String, Object> invalid(InvalidConnectionType invalid) {
        return Map.of("provider", invalid.provider(), "file", invalid.file(), "reason", invalid.reason());
    }

    static Map<String, Object> connection(Connection c) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", c.uid());
        view.put("type", c.type().toString());
        view.put("name", c.name());
        view.put("source", c.source());
        view.put("organization", c.scope().organization());
        if (c.scope().canvasId() != null) {
            view.put("canvasId", c.scope().canvasId());
        }
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("state", c.status().state().name());
        if (!c.status().reason().isEmpty()) {
            status.put("reason", c.status().reason());
        }
        if (c.status().checkedAt() != null) {
            status.put("checkedAt", EventViewValues.instant(c.status().checkedAt()));
        }
        view.put("status", status);
        view.put("subject", c.subject());
        view.put("createdAt", EventViewValues.instant(c.createdAt()));
        view.put("updatedAt", EventViewValues.instant(c.updatedAt()));
        return view;
    }

    static List<Map<String, Object>> connections(List<Connection> list) {
        return list.stream().map(ConnectionViews::connection).toList();
    }
}
