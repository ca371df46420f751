/**
 * Resources users describe in YAML or JSON — {@code Secret}, {@code Integration}, {@code EventSource} — and the
 * {@link io.plugboard.api.resource.ResourceService} that stores, validates and serves them, plus the
 * {@link io.plugboard.api.resource.EncryptionKeys} that protect secret values at rest.
 *
 * <p>Every resource lives in an organization ({@code metadata.organization}, default {@code default}) and may be
 * narrowed to a canvas ({@code metadata.canvasId}): its {@link io.plugboard.api.resource.Scope}.
 */
@Version("3.3.0")
package io.plugboard.api.resource;

import org.osgi.annotation.versioning.Version;
