/**
 * Services the Plugboard core offers to the other Plugboard bundles (REST, shell, OAuth, webhooks): system status.
 * Implemented by core only.
 */
@Version("2.0.0")
package io.plugboard.api.system;

import org.osgi.annotation.versioning.Version;
