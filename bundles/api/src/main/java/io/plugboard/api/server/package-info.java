/**
 * Contracts between Plugboard's own bundles that carry credentials: the admin token check
 * ({@link io.plugboard.api.server.AdminAuthenticator}) and secret values in plaintext
 * ({@link io.plugboard.api.server.SecretValues}). Providers never use them; implemented by core.
 */
@Version("1.1.0")
package io.plugboard.api.server;

import org.osgi.annotation.versioning.Version;
