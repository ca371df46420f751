package io.plugboard.shell.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.plugboard.api.connection.ConnectionSource;
import io.plugboard.api.connection.ConnectionType;
import io.plugboard.api.connection.FormField;
import io.plugboard.api.connection.Probe;
import io.plugboard.api.connection.SourceKind;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "plugboard", name = "connection-type-info",
        description = "Shows one connection type: its sources, the fields a connection stores, what is shown once "
                + "and how a connection is tested",
        detailedDescription = "Probe header values are shown as written in the type's file: they only name input "
                + "fields (${input.<field>}), never stored values.")
public class ConnectionTypeInfoCommand extends ConnectionCommand {

    @Argument(index = 0, name = "type", required = true,
            description = "Connection type, <provider>/<name>@<version>, e.g. github/token@1")
    @Completion(ConnectionTypeCompleter.class)
    String type;

    @Override
    public Object execute() {
        ConnectionType t = type(typeRef(type));
        out.println("Type          " + t.ref());
        out.println("Summary       " + Format.orDash(t.summary()));
        out.println("Origin        " + Format.orDash(t.origin()));
        if (!t.description().isBlank()) {
            out.println("Description");
            for (String line : t.description().strip().split("\n", -1)) {
                out.println(line.isBlank() ? "" : "  " + line.stripTrailing());
            }
        }
        out.println("Sources");
        for (ConnectionSource s : t.sources()) {
            out.println("  " + s.name() + " (" + s.kind().kindName() + ")"
                    + (s.summary().isEmpty() ? "" : " - " + s.summary()));
        }
        printStorageFields(t);
        out.println("Display-once  " + Format.join(properties(t.displayOnceSchema())));
        printProbe(t.probe());
        return null;
    }

    /** The input form of every Form source; an OAuth2 source stores the token response, which has no form. */
    private void printStorageFields(ConnectionType t) {
        List<ConnectionSource> forms = t.sources().stream().filter(s -> s.kind() == SourceKind.FORM).toList();
        if (forms.isEmpty()) {
            out.println("Storage fields  - (OAuth2 sources store the token response of the login)");
            return;
        }
        for (ConnectionSource source : forms) {
            out.println("Storage fields of source " + source.name());
            ShellTable table = new ShellTable();
            for (String column : List.of("Name", "Type", "Required", "Secret", "Description")) {
                table.column(column);
            }
            table.emptyTableText("No fields.");
            for (FormField f : connections().form(t.ref(), source.name())) {
                table.addRow().addContent(f.name(), Format.orDash(f.type()), f.required() ? "yes" : "no",
                        f.secret() ? "yes" : "no", describe(f));
            }
            table.print(out);
        }
    }

    /** Title (when it is more than the name), description, the allowed values and the default, {@code ; } separated. */
    static String describe(FormField f) {
        List<String> parts = new ArrayList<>();
        if (f.title() != null && !f.title().isBlank() && !f.title().equalsIgnoreCase(f.name())) {
            parts.add(f.title());
        }
        if (f.description() != null && !f.description().isBlank()) {
            parts.add(f.description().strip().replaceAll("\\s*\n\\s*", " "));
        }
        if (f.options() != null && !f.options().isEmpty()) {
            parts.add("one of: " + String.join(", ", f.options().stream().map(String::valueOf).toList()));
        }
        if (f.defaultValue() != null) {
            parts.add("default: " + f.defaultValue());
        }
        return parts.isEmpty() ? "-" : String.join("; ", parts);
    }

    private void printProbe(Probe probe) {
        if (probe == null) {
            out.println("Probe         none: connections of this type stay Unknown");
            return;
        }
        out.println("Probe");
        out.println("  URL         " + probe.url());
        out.println("  Headers");
        printEntries(probe.headers());
        out.println("  User info");
        printEntries(probe.userInfoMapping());
    }

    private void printEntries(Map<String, String> entries) {
        if (entries.isEmpty()) {
            out.println("    -");
        }
        new TreeMap<>(entries).forEach((name, value) -> out.println("    " + name + ": " + value));
    }

    /** The property names of a JSON Schema, as written; none for {@code null}. */
    static List<String> properties(Map<String, Object> schema) {
        if (schema != null && schema.get("properties") instanceof Map<?, ?> properties) {
            return properties.keySet().stream().map(String::valueOf).toList();
        }
        return List.of();
    }
}
