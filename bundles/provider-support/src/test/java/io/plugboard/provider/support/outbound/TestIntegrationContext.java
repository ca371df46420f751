package io.plugboard.provider.support.outbound;

import java.util.Map;
import java.util.Optional;

import io.plugboard.api.provider.IntegrationContext;

/** An {@link IntegrationContext} for unit tests: a name, the settings (the integration's spec) and a token. */
public record TestIntegrationContext(String integrationName, Map<String, Object> settings) implements IntegrationContext {

    public static TestIntegrationContext of(String name, Map<String, Object> settings) {
        return new TestIntegrationContext(name, settings);
    }

    @Override
    public String organization() {
        return "default";
    }

    @Override
    public String url() {
        return "";
    }

    @Override
    public Optional<String> token() {
        return Optional.of("test-token");
    }

    @Override
    public String webhookUrl() {
        return "https://pb/webhooks/test/" + integrationName;
    }
}
