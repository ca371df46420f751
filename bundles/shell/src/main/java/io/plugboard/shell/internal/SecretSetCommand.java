package io.plugboard.shell.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

import io.plugboard.api.resource.AppliedResource;
import io.plugboard.api.resource.FieldError;
import io.plugboard.api.resource.InvalidResourceException;
import io.plugboard.api.resource.Kind;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

/** Sets one key of a secret. The value is typed at a prompt that does not echo it, so it stays out of the history. */
@Service
@Command(scope = "plugboard", name = "secret-set",
        description = "Sets one key of a secret, creating the secret if needed",
        detailedDescription = "Asks for the value without echoing it (it never appears in the command history or "
                + "in any output). The value is stored encrypted.")
public class SecretSetCommand extends NamedResourceCommand {

    @Argument(index = 0, name = "name", description = "Name of the secret", required = true)
    @Completion(SecretNameCompleter.class)
    String name;

    @Argument(index = 1, name = "key", description = "Key to set in the secret, e.g. token", required = true)
    String key;

    @Reference
    Session session;

    @Override
    Kind kind() {
        return Kind.SECRET;
    }

    @Override
    String name() {
        return name;
    }

    @Override
    public Object execute() throws IOException {
        String value = readValue();
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("No value given: secret/" + name + " key " + key + " not set");
        }
        AppliedResource result;
        try {
            result = resources().setSecretValue(scope(), name, key, value);
        } catch (InvalidResourceException e) {
            throw new IllegalArgumentException("secret/" + name + " key " + key + " not set: "
                    + e.errors().stream().map(FieldError::toString).collect(Collectors.joining("; ")), e);
        }
        out.println(Format.label(result.ref()) + " key " + key + " set (" + result.action().label() + ")");
        return null;
    }

    /**
     * At a console: prompts and masks what is typed. Without a terminal (a script piping into {@code ssh host
     * plugboard:secret-set ...}, a headless session) there is nothing to echo: the first line of input is the value.
     */
    private String readValue() throws IOException {
        try {
            return session.readLine("Value for " + key + ": ", '*');
        } catch (UnsupportedOperationException headless) {
            BufferedReader in = new BufferedReader(new InputStreamReader(session.getKeyboard(), StandardCharsets.UTF_8));
            return in.readLine();
        }
    }
}
