/**
 * Calls from Plugboard to a provider's API through an integration's credential: the
 * {@link io.plugboard.api.outbound.ProviderApi} hands out an {@link io.plugboard.api.outbound.ApiClient} that sends
 * requests under the integration's API base with the credential injected (and an OAuth token refreshed when due, or
 * once after a 401). The REST proxy, provisioners and actions all call providers this way.
 */
@Version("1.1.0")
package io.plugboard.api.outbound;

import org.osgi.annotation.versioning.Version;
