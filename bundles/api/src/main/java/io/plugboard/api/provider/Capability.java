package io.plugboard.api.provider;

/** What a provider can do beyond describing itself; each is a separate service it may register. */
public enum Capability {
    /** A {@link WebhookVerifier} is registered: Plugboard can take the provider's webhooks. */
    WEBHOOKS,
    /** One or more {@link Action}s are registered. */
    ACTIONS,
    /** A {@link CredentialIssuer} is registered: integrations can authenticate with tokens it issues. */
    CREDENTIALS,
    /** A {@link Provisioner} is registered: Plugboard creates the provider-side webhook itself. */
    PROVISIONING;

    /** Lower-case name used in JSON and shell output. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
