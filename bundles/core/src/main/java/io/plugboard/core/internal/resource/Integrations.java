package io.plugboard.core.internal.resource;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.plugboard.api.provider.IntegrationContext;
import io.plugboard.api.resource.IntegrationTypes;
import io.plugboard.api.resource.Resource;

/** Reading an Integration resource: its provider, the URL it receives webhooks on, the context a provider sees. */
final class Integrations {

    private Integrations() {
    }

    static String webhookUrl(String publicUrl, Resource integration) {
        String base = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        return base + "/webhooks/" + IntegrationTypes.providerId(integration) + "/" + integration.uid();
    }

    /**
     * The context handed to a provider's {@code Provisioner} or {@code Action}.
     *
     * @param secretOf          resolves a {@code valueFrom.secret} reference ({@code {name, key}}) to its value
     * @param connectionTokenOf resolves an {@code auth.connection} reference ({@code {type, name}}) to the token it
     *                          holds ({@code access_token}, else {@code token})
     */
    static IntegrationContext context(Resource integration, String publicUrl,
                                      Function<Map<String, Object>, Optional<String>> secretOf,
                                      Function<Map<String, Object>, Optional<String>> connectionTokenOf) {
        Map<String, Object> tokenRef = ResourceValidator.nested(integration.spec(), "auth", "token", "valueFrom", "secret");
        Map<String, Object> connectionRef = ConnectionReferences.reference(integration.spec());
        Optional<String> token = tokenRef != null ? secretOf.apply(tokenRef)
                : connectionRef != null ? connectionTokenOf.apply(connectionRef) : Optional.empty();
        Map<String, Object> settings = new LinkedHashMap<>(integration.spec());
        settings.remove("auth");
        settings.remove("webhook");
        String url = (String) integration.spec().getOrDefault("url", "");
        String webhookUrl = webhookUrl(publicUrl, integration);
        return new IntegrationContext() {
            @Override public String integrationName() { return integration.name(); }
            @Override public String organization() { return integration.scope().organization(); }
            @Override public String url() { return url; }
            @Override public Optional<String> token() { return token; }
            @Override public String webhookUrl() { return webhookUrl; }
            @Override public Map<String, Object> settings() { return settings; }
            @Override public String toString() { return "Integration " + integration.scope() + "/" + integration.name(); }
        };
    }
}
