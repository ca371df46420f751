/**
 * Services the Plugboard core offers to the other Plugboard bundles (REST, shell, OAuth, webhooks):
 * admin authentication and system status. Implemented by core only.
 */
@Version("1.0.0")
package io.plugboard.api.system;

import org.osgi.annotation.versioning.Version;
