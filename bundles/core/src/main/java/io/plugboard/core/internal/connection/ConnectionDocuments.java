package io.plugboard.core.internal.connection;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import io.plugboard.api.resource.AppliedResource;
import io.plugboard.api.resource.FieldError;
import io.plugboard.api.resource.ResourceRef;

/**
 * Core-internal: applies {@code kind: Connection} documents inside the transaction of a resource apply, so that an
 * input with secrets, integrations and connections is stored all or nothing. The connection side hands it to the
 * resource side through {@link ConnectionReferrers#connectionDocuments} (a reference the other way round would close
 * a circle of services).
 */
public interface ConnectionDocuments {

    /**
     * Creates or updates one Form connection.
     *
     * @param index the document's position in the input, for errors
     * @param spec  the document's spec ({@code type}, {@code source}, {@code input} as written)
     * @param input {@code spec.input} with every Secret reference replaced by the secret's value
     * @return what was done, or {@code null} when a problem was added to {@code errors} (nothing written)
     */
    AppliedResource apply(Connection c, int index, ResourceRef ref, Map<String, Object> spec, Map<String, Object> input,
                          List<FieldError> errors) throws SQLException;
}
