package io.plugboard.api.provider;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An active provider as the registry sees it at one moment: its descriptor, the bundle it came from and
 * the capability services registered for it. Immutable; the registry publishes a new instance on change.
 */
public final class RegisteredProvider {

    private final Provider descriptor;
    private final String bundleSymbolicName;
    private final String bundleVersion;
    private final WebhookVerifier webhookVerifier;
    private final List<Action> actions;
    private final Provisioner provisioner;
    private final List<CredentialIssuer> credentialIssuers;

    public RegisteredProvider(Provider descriptor, String bundleSymbolicName, String bundleVersion,
                              WebhookVerifier webhookVerifier, List<Action> actions, Provisioner provisioner) {
        this(descriptor, bundleSymbolicName, bundleVersion, webhookVerifier, actions, provisioner, List.of());
    }

    public RegisteredProvider(Provider descriptor, String bundleSymbolicName, String bundleVersion,
                              WebhookVerifier webhookVerifier, List<Action> actions, Provisioner provisioner,
                              List<CredentialIssuer> credentialIssuers) {
        this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
        this.bundleSymbolicName = Objects.requireNonNull(bundleSymbolicName, "bundleSymbolicName");
        this.bundleVersion = Objects.requireNonNull(bundleVersion, "bundleVersion");
        this.webhookVerifier = webhookVerifier;
        this.actions = List.copyOf(actions);
        this.provisioner = provisioner;
        this.credentialIssuers = List.copyOf(credentialIssuers);
    }

    public String id() { return descriptor.id(); }
    public String name() { return descriptor.name(); }
    public Provider descriptor() { return descriptor; }
    public String bundleSymbolicName() { return bundleSymbolicName; }
    public String bundleVersion() { return bundleVersion; }
    public Optional<WebhookVerifier> webhookVerifier() { return Optional.ofNullable(webhookVerifier); }
    public List<Action> actions() { return actions; }
    public Optional<Provisioner> provisioner() { return Optional.ofNullable(provisioner); }
    public List<CredentialIssuer> credentialIssuers() { return credentialIssuers; }

    /** The issuer of tokens for {@code spec.auth.use: authType}, if this provider has one. */
    public Optional<CredentialIssuer> credentialIssuer(String authType) {
        return credentialIssuers.stream().filter(i -> i.authType().equals(authType)).findFirst();
    }

    /** The capabilities present right now. */
    public Set<Capability> capabilities() {
        Set<Capability> caps = EnumSet.noneOf(Capability.class);
        if (webhookVerifier != null) {
            caps.add(Capability.WEBHOOKS);
        }
        if (!actions.isEmpty()) {
            caps.add(Capability.ACTIONS);
        }
        if (!credentialIssuers.isEmpty()) {
            caps.add(Capability.CREDENTIALS);
        }
        if (provisioner != null) {
            caps.add(Capability.PROVISIONING);
        }
        return caps;
    }

    @Override
    public String toString() {
        return "RegisteredProvider[" + id() + " from " + bundleSymbolicName + "/" + bundleVersion
                + ", capabilities=" + capabilities() + "]";
    }
}
