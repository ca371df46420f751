package io.plugboard.provider.support.action;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** An action's input schema, read from the provider bundle's own resources (e.g. {@code actions/run-workflow.schema.json}). */
public final class ActionSchemas {

    private ActionSchemas() {
    }

    /** @throws IllegalStateException when the bundle lacks the file (a packaging bug) */
    public static String load(Class<?> owner, String resource) {
        try (InputStream in = owner.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(owner.getName() + ": no " + resource + " in the bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
