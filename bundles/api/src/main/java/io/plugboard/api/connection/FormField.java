package io.plugboard.api.connection;

import java.util.List;

/**
 * One input of a Form source, derived from a property of the storage schema.
 *
 * @param name         the property name
 * @param title        {@code title} of the property, else its name
 * @param description  {@code description}, may be empty
 * @param type         JSON type: string, integer, number, boolean
 * @param required     listed in the schema's {@code required}
 * @param secret       {@code writeOnly}: a secret-looking field (token, password, secret, key) or one the schema marks
 *                     {@code writeOnly} / {@code format: password}; shells mask it, APIs never return it
 * @param options      the {@code enum} values, empty when free
 * @param defaultValue {@code default}, or {@code null}
 */
public record FormField(String name, String title, String description, String type, boolean required, boolean secret,
                        List<Object> options, Object defaultValue) {
}
