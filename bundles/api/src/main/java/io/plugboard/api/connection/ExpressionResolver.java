package io.plugboard.api.connection;

import java.util.Map;

import io.plugboard.api.resource.Scope;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Resolves connection references in templates and inputs.
 * <ul>
 * <li>{@code ${connections.<provider>.<name>}} — the connection called {@code name} of any type of that provider
 * (an error when several types have one of that name);</li>
 * <li>{@code ${connections.'<provider>/<type>@<version>'.<name>}} — of exactly that type;</li>
 * <li>either followed by {@code .<field>} — one field of the stored object.</li>
 * </ul>
 * A string that is exactly one expression becomes the value (the whole stored object, or the field's value); an
 * expression inside a longer string is replaced by the text of a scalar field. Maps and lists are walked.
 * In a JSON Schema, a property with {@code "x-relay-connectionType": "<provider>/<type>@<version>"} takes a
 * connection name, which {@link #resolveInput} replaces by that connection's stored object.
 */
@ProviderType
public interface ExpressionResolver {

    /** The schema keyword that marks a property as a connection of one type. */
    String CONNECTION_TYPE_KEYWORD = "x-relay-connectionType";

    /**
     * Resolves every expression in {@code template} (a string, or JSON-like maps and lists) against the connections
     * of {@code scope} (a canvas sees its organization's connections too).
     *
     * @throws IllegalArgumentException when an expression is malformed, names no connection, is ambiguous, or names
     *                                  a field that is not there; the message says which
     */
    Object resolve(Object template, Scope scope);

    /**
     * Resolves an input object published with a JSON Schema: properties marked with {@link #CONNECTION_TYPE_KEYWORD}
     * whose value is a connection name become that connection's stored object; then {@link #resolve} runs on the rest.
     *
     * @throws IllegalArgumentException as {@link #resolve}, or when a named connection does not exist
     */
    Map<String, Object> resolveInput(Map<String, Object> schema, Map<String, Object> input, Scope scope);

    /**
     * Like {@link #resolve}, for trying templates out: the secret fields of stored objects (those a Form shows as
     * secret: {@code writeOnly}, {@code format: password}, or named like a token, password, secret or key) read
     * {@link #MASK} instead of their value.
     */
    Object preview(Object template, Scope scope);

    /** What {@link #preview} shows instead of a secret value. */
    String MASK = "********";
}
