/**
 * Several Plugboard nodes on one database: which nodes are there, which one runs a piece of scheduled work, and values
 * that one request stores and a later one reads, wherever each arrives. Implemented by core only.
 */
@Version("1.0.0")
package io.plugboard.api.cluster;

import org.osgi.annotation.versioning.Version;
