package io.plugboard.api.resource;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Stores, validates and serves resources. Implemented by Plugboard core; REST, shell and other bundles use it.
 * Every write is all-or-nothing.
 */
@ProviderType
public interface ResourceService {

    /**
     * Creates or updates resources from YAML or JSON text: one or more documents separated by {@code ---}.
     * Each is matched by kind, scope and name. Either all documents are valid and stored, or none is.
     *
     * @return one outcome per document, in input order
     * @throws InvalidResourceException with every problem found; nothing was stored
     */
    List<AppliedResource> apply(String text);

    /** Like {@link #apply(String)} for documents already parsed into maps. */
    List<AppliedResource> apply(List<Map<String, Object>> documents);

    /**
     * Resources of one kind, sorted by organization, canvas and name.
     *
     * @param organization only this organization; {@code null} for all
     * @param canvasId     only this canvas; {@code null} for any (organization-wide ones included)
     */
    List<Resource> list(Kind kind, String organization, String canvasId);

    Optional<Resource> get(ResourceRef ref);

    /** The resource with this {@code metadata.uid}, of any kind. */
    Optional<Resource> getByUid(String uid);

    /**
     * The resource a filter or an argument names: by its {@code metadata.uid}, else by its name - in {@code scope}
     * (its canvas and organization-wide ones) when given, in any organization when {@code null}.
     *
     * @throws ResourceNotFoundException when none has that uid or name
     * @throws IllegalArgumentException  when the name is taken in several scopes; the message names them
     * @since 3.2.0
     */
    default Resource resolve(Kind kind, String nameOrUid, Scope scope) {
        Optional<Resource> byUid = getByUid(nameOrUid).filter(r -> r.kind() == kind);
        if (byUid.isPresent()) {
            return byUid.get();
        }
        List<Resource> named = list(kind, scope == null ? null : scope.organization(),
                scope == null ? null : scope.canvasId()).stream().filter(r -> r.name().equals(nameOrUid)).toList();
        if (named.isEmpty()) {
            ResourceRef ref = new ResourceRef(kind, scope == null ? Scope.organization(Scope.DEFAULT_ORGANIZATION) : scope,
                    nameOrUid);
            throw scope == null ? new ResourceNotFoundException(ref, "No " + kind.kindName() + " named '" + nameOrUid
                    + "' or with that uid.") : new ResourceNotFoundException(ref);
        }
        if (named.size() > 1) {
            throw new IllegalArgumentException("'" + nameOrUid + "' names " + named.size() + " " + kind.plural() + " ("
                    + String.join(", ", named.stream().map(r -> r.scope().toString()).toList())
                    + "): give its uid, or its organization and canvas.");
        }
        return named.get(0);
    }

    /**
     * Deletes a resource.
     *
     * @param cascade for an integration: delete the event sources that use it too
     * @return everything deleted, the resource itself first
     * @throws ResourceNotFoundException when it does not exist
     * @throws ResourceInUseException    when others refer to it (and {@code cascade} does not cover them)
     */
    List<ResourceRef> delete(ResourceRef ref, boolean cascade);

    /**
     * Runs provisioning for an integration now, even if nothing changed — creates, adopts or updates the provider-side
     * hooks its event sources need and deletes the ones they no longer need — and waits for it (at most a minute).
     *
     * @return the integration afterwards; its {@code status.provisioning} says how it went
     * @throws ResourceNotFoundException when it does not exist
     */
    Resource provision(ResourceRef integration);

    /** Sets one key of a secret, creating the secret when it does not exist. */
    AppliedResource setSecretValue(Scope scope, String name, String key, String value);

    /**
     * Sets one key of an integration's {@code status} - what its provider learned about it from the provider's side
     * (e.g. {@code installation}: a GitHub App installation suspended), or {@code credential}: {@code {"state":
     * "Healthy"|"Unhealthy", "reason": …}}. Written only when the value changed (a {@code since} key is added then);
     * the spec is not touched. {@code provisioning} and {@code phase} are Plugboard's own and refused.
     *
     * @return whether the status changed
     * @throws ResourceNotFoundException when the integration does not exist
     * @throws IllegalArgumentException  for a key Plugboard keeps itself
     * @since 3.1.0
     */
    boolean setStatus(ResourceRef integration, String key, Map<String, Object> value);
}
