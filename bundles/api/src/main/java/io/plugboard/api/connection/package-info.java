/**
 * Connection types and connections. A provider bundle declares the kinds of credential it accepts as connection
 * types in plain files ({@code connections/<name>/connection.yaml} or {@code connections/<name>[@<version>].yaml});
 * the {@link io.plugboard.api.connection.ConnectionTypeRegistry} lists them while the bundle is active. Users create
 * {@link io.plugboard.api.connection.Connection connections} of those types through the
 * {@link io.plugboard.api.connection.ConnectionService}; their stored values are encrypted at rest and handed only to
 * code that asks for them ({@link io.plugboard.api.connection.ConnectionService#storage},
 * {@link io.plugboard.api.connection.ExpressionResolver}).
 */
@Version("1.2.0")
package io.plugboard.api.connection;

import org.osgi.annotation.versioning.Version;
