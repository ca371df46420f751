/**
 * OpenID Connect both ways: Plugboard as an issuer of ID tokens for its integrations (signing keys, discovery, JWKS,
 * rotation), and the check of ID tokens that CI jobs present to Plugboard. Implemented by core only.
 */
@Version("1.0.0")
package io.plugboard.api.oidc;

import org.osgi.annotation.versioning.Version;
