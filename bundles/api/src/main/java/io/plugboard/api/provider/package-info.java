/**
 * The provider SPI: what a provider bundle registers (a {@link io.plugboard.api.provider.Provider}
 * descriptor and, optionally, the capability services {@link io.plugboard.api.provider.WebhookVerifier},
 * {@link io.plugboard.api.provider.Action} and {@link io.plugboard.api.provider.Provisioner}), and the
 * {@link io.plugboard.api.provider.ProviderRegistry} through which other bundles follow providers as they
 * come and go.
 *
 * <p>Every capability service carries the service property
 * {@value io.plugboard.api.provider.Provider#PROVIDER_PROPERTY}{@code =<provider id>}; the registry groups
 * capabilities under the provider with that id.
 */
@Version("4.2.0")
package io.plugboard.api.provider;

import org.osgi.annotation.versioning.Version;
