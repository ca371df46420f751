package io.plugboard.api.provider;

import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What an {@link Action} or {@link Provisioner} gets to know about the integration it works for. Built by
 * Plugboard; providers only read it.
 */
@ProviderType
public interface IntegrationContext {

    /** The integration's name. */
    String integrationName();

    /** The organization it lives in. */
    String organization();

    /** The third party's base URL from the integration's {@code spec.url}. */
    String url();

    /** The credential resolved from the integration's auth (token or connection), if any. */
    Optional<String> token();

    /** The public URL Plugboard receives this integration's webhooks on. */
    String webhookUrl();

    /** Provider-specific settings of the integration. */
    Map<String, Object> settings();
}
