package io.plugboard.shell.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import io.plugboard.api.connection.Connection;
import io.plugboard.api.connection.ConnectionExistsException;
import io.plugboard.api.connection.ConnectionSource;
import io.plugboard.api.connection.ConnectionType;
import io.plugboard.api.connection.ConnectionTypeRef;
import io.plugboard.api.connection.CreatedConnection;
import io.plugboard.api.connection.FormField;
import io.plugboard.api.connection.NewConnection;
import io.plugboard.api.connection.SourceKind;
import io.plugboard.api.resource.FieldError;
import io.plugboard.api.resource.InvalidResourceException;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

/**
 * Creates a connection from a Form source. Each field of the source's form is asked for at a prompt; secret fields
 * are not echoed, so they stay out of the history and of any output.
 */
@Service
@Command(scope = "plugboard", name = "connection-create",
        description = "Creates a connection of a type from one of its Form sources, asking for each field",
        detailedDescription = "Secret fields are asked for without echoing what is typed. An empty answer keeps the "
                + "default shown in [brackets], or leaves an optional field out. --set field=value gives a non-secret "
                + "field without being asked (for scripts); secret fields are always asked for. Without a terminal, "
                + "each field asked for is read from a line of input. Values the source produces to be shown once "
                + "(e.g. a generated webhook secret) are printed this one time only.")
public class ConnectionCreateCommand extends NamedConnectionCommand {

    /** Answers to one field before the command gives up. */
    static final int MAX_ATTEMPTS = 3;

    static final String SHOWN_ONCE = "Shown once — copy it now, it will not be shown again:";

    @Argument(index = 0, name = "type", required = true,
            description = "Connection type, <provider>/<name>@<version>, e.g. github/token@1")
    @Completion(ConnectionTypeCompleter.class)
    String type;

    @Argument(index = 1, name = "name", required = true,
            description = "Name of the new connection: lower case letters, digits and -")
    String name;

    @Option(name = "--source",
            description = "Source to create it with (default: the type's first; see plugboard:connection-type-info)")
    String source;

    @Option(name = "--set", multiValued = true,
            description = "field=value for a non-secret field, which is then not asked for; may be repeated")
    List<String> set;

    @Reference
    Session session;

    /** Set once the session turns out to have no terminal: input lines are then read from its keyboard. */
    private BufferedReader headless;

    @Override
    String typeArgument() {
        return type;
    }

    @Override
    String name() {
        return name;
    }

    @Override
    public Object execute() throws IOException {
        ConnectionTypeRef ref = ref();
        ConnectionSource formSource = formSource(type(ref));
        List<FormField> fields = connections().form(ref, formSource.name());
        Map<String, Object> input = given(ref, formSource, fields);
        for (FormField field : fields) {
            if (!input.containsKey(field.name())) {
                Object value = ask(field);
                if (value != null) {
                    input.put(field.name(), value);
                }
            }
        }
        CreatedConnection created;
        try {
            created = connections().create(new NewConnection(ref, name, formSource.name(), scope(), input));
        } catch (InvalidResourceException e) {
            throw new IllegalArgumentException(label(ref, name, scope()) + " not created: "
                    + e.errors().stream().map(ConnectionCreateCommand::fieldError)
                    .collect(Collectors.joining("; ")), e);
        } catch (ConnectionExistsException e) {
            throw new IllegalArgumentException(label(ref, name, scope()) + " already exists in "
                    + Format.describe(scope()) + "; choose another name, or delete it first "
                    + "(plugboard:connection-delete)", e);
        }
        print(created);
        return null;
    }

    /** The source asked for (the type's first by default), which must be a Form source. */
    private ConnectionSource formSource(ConnectionType t) {
        String sourceName = blankToNull(source);
        ConnectionSource found = t.source(sourceName).orElseThrow(() -> new IllegalArgumentException(
                "No source '" + sourceName + "' in connection type " + t.ref() + "; its sources: "
                        + ConnectionTypeListCommand.sources(t) + "."));
        if (found.kind() != SourceKind.FORM) {
            List<String> forms = t.sources().stream().filter(s -> s.kind() == SourceKind.FORM)
                    .map(ConnectionSource::name).toList();
            throw new IllegalArgumentException("Source '" + found.name() + "' of " + t.ref() + " is an "
                    + found.kind().kindName() + " source: its connections are made by a login in the browser, "
                    + "not in the shell. " + (forms.isEmpty() ? t.ref() + " has no Form source."
                    : "Its Form sources: " + String.join(", ", forms) + " (--source <name>)."));
        }
        return found;
    }

    /** The values of {@code --set}, checked and converted before anything is asked. */
    private Map<String, Object> given(ConnectionTypeRef ref, ConnectionSource formSource, List<FormField> fields) {
        Map<String, FormField> byName = new LinkedHashMap<>();
        fields.forEach(f -> byName.put(f.name(), f));
        Map<String, Object> given = new LinkedHashMap<>();
        for (String entry : set == null ? List.<String>of() : set) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--set expects <field>=<value>, not '" + entry + "'.");
            }
            String fieldName = entry.substring(0, eq).strip();
            FormField field = byName.get(fieldName);
            if (field == null) {
                throw new IllegalArgumentException("--set: no field '" + fieldName + "' in " + ref + " (source "
                        + formSource.name() + "); its fields: " + Format.join(byName.keySet()) + ".");
            }
            if (field.secret()) {
                throw new IllegalArgumentException("--set: field '" + fieldName + "' is secret: leave it out to be "
                        + "asked for it without echo (a value on the command line stays in the history).");
            }
            try {
                given.put(fieldName, convert(field, entry.substring(eq + 1).strip()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--set " + fieldName + ": " + e.getMessage() + ".", e);
            }
        }
        return given;
    }

    /** Asks for one field; {@code null} leaves it out. */
    private Object ask(FormField field) throws IOException {
        String prompt = prompt(field);
        String problem = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            String answer = readLine(prompt, field.secret() ? Character.valueOf('*') : null);
            if (answer == null) { // end of input
                if (field.defaultValue() == null && field.required()) {
                    problem = "a value is required";
                    break;
                }
                return field.defaultValue();
            }
            String text = field.secret() ? answer : answer.strip();
            if (text.isEmpty()) {
                if (field.defaultValue() != null || !field.required()) {
                    return field.defaultValue();
                }
                problem = "a value is required";
            } else {
                try {
                    return convert(field, text);
                } catch (IllegalArgumentException e) {
                    problem = e.getMessage();
                }
            }
            if (attempt < MAX_ATTEMPTS) {
                out.println("  " + field.name() + ": " + problem);
            }
        }
        throw new IllegalArgumentException("No valid value for field '" + field.name() + "' (" + problem + "): "
                + label(ref(), name, scope()) + " not created");
    }

    /** {@code API token - A personal access token (required, hidden) [default]: }. */
    static String prompt(FormField field) {
        StringBuilder prompt = new StringBuilder(
                field.title() == null || field.title().isBlank() ? field.name() : field.title());
        if (field.description() != null && !field.description().isBlank()) {
            prompt.append(" - ").append(field.description().strip().replaceAll("\\s*\n\\s*", " "));
        }
        List<String> marks = new ArrayList<>();
        if (field.required()) {
            marks.add("required");
        }
        if (field.secret()) {
            marks.add("hidden");
        }
        if (field.options() != null && !field.options().isEmpty()) {
            marks.add("one of " + options(field));
        }
        if (!marks.isEmpty()) {
            prompt.append(" (").append(String.join(", ", marks)).append(')');
        }
        if (field.defaultValue() != null) {
            prompt.append(" [").append(field.defaultValue()).append(']');
        }
        return prompt.append(": ").toString();
    }

    /** The typed text as the field's JSON type: one of its options, a whole number, a number or a boolean. */
    static Object convert(FormField field, String text) {
        if (field.options() != null && !field.options().isEmpty()) {
            return field.options().stream().filter(o -> String.valueOf(o).equals(text)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("must be one of " + options(field)));
        }
        String type = field.type() == null ? "string" : field.type();
        switch (type) {
            case "integer" -> {
                try {
                    long value = Long.parseLong(text);
                    if (value == (int) value) {
                        return Integer.valueOf((int) value);
                    }
                    return Long.valueOf(value);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("must be a whole number, not '" + text + "'");
                }
            }
            case "number" -> {
                try {
                    return new java.math.BigDecimal(text).doubleValue();
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("must be a number, not '" + text + "'");
                }
            }
            case "boolean" -> {
                switch (text.toLowerCase(Locale.ROOT)) {
                    case "true", "yes", "y" -> {
                        return Boolean.TRUE;
                    }
                    case "false", "no", "n" -> {
                        return Boolean.FALSE;
                    }
                    default -> throw new IllegalArgumentException("must be true or false, not '" + text + "'");
                }
            }
            default -> {
                return text;
            }
        }
    }

    private static String options(FormField field) {
        return field.options().stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    /** {@code token: required}: the field as the user knows it, without the {@code input.} of the request. */
    static String fieldError(FieldError error) {
        String field = error.field().startsWith("input.") ? error.field().substring("input.".length()) : error.field();
        return field.isEmpty() ? error.message() : field + ": " + error.message();
    }

    /**
     * At a console: prompts, masking secret fields. Without a terminal (a script piping into {@code ssh host
     * plugboard:connection-create ...}, a headless session) nothing is echoed anyway: each line of input answers the
     * next field asked for.
     */
    private String readLine(String prompt, Character mask) throws IOException {
        if (headless == null) {
            try {
                return session.readLine(prompt, mask);
            } catch (UnsupportedOperationException noTerminal) {
                headless = new BufferedReader(new InputStreamReader(session.getKeyboard(), StandardCharsets.UTF_8));
            }
        }
        return headless.readLine();
    }

    private void print(CreatedConnection created) {
        Connection c = created.connection();
        out.println(label(c) + " created");
        out.println("  UID      " + c.uid());
        out.println("  Source   " + Format.orDash(c.source()));
        out.println("  Status   " + state(c.status()));
        if (!c.subject().isEmpty()) {
            out.println("  Subject  " + subject(c.subject()));
        }
        if (!created.displayOnce().isEmpty()) {
            out.println();
            out.println(SHOWN_ONCE);
            for (String line : YamlText.of(created.displayOnce()).split("\n")) {
                out.println("  " + line);
            }
        }
    }
}
