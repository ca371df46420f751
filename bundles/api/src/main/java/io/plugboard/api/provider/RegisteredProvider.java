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

    public RegisteredProvider(Provider descriptor, String bundleSymbolicName, String bundleVersion,
                              WebhookVerifier webhookVerifier, List<Action> actions, Provisioner provisioner) {
        this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
        this.bundleSymbolicName = Objects.requireNonNull(bundleSymbolicName, "bundleSymbolicName");
        this.bundleVersion = Objects.requireNonNull(bundleVersion, "bundleVersion");
        this.webhookVerifier = webhookVerifier;
        this.actions = List.copyOf(actions);
        this.provisioner = provisioner;
    }

    public String id() { return descriptor.id(); }
    public String name() { return descriptor.name(); }
    public Provider descriptor() { return descriptor; }
    public String bundleSymbolicName() { return bundleSymbolicName; }
    public String bundleVersion() { return bundleVersion; }
    public Optional<WebhookVerifier> webhookVerifier() { return Optional.ofNullable(webhookVerifier); }
    public List<Action> actions() { return actions; }
    public Optional<Provisioner> provisioner() { return Optional.ofNullable(provisioner); }

    /** The capabilities present right now. */
    public Set<Capability> capabilities() {
        Set<Capability> caps = EnumSet.noneOf(Capability.class);
        if (webhookVerifier != null) {
            caps.add(Capability.WEBHOOKS);
        }
        if (!actions.isEmpty()) {
            caps.add(Capability.ACTIONS);
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
