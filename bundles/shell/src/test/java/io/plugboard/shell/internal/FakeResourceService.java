package io.plugboard.shell.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.plugboard.api.resource.AppliedResource;
import io.plugboard.api.resource.ApplyAction;
import io.plugboard.api.resource.FieldError;
import io.plugboard.api.resource.InvalidResourceException;
import io.plugboard.api.resource.Kind;
import io.plugboard.api.resource.Resource;
import io.plugboard.api.resource.ResourceInUseException;
import io.plugboard.api.resource.ResourceNotFoundException;
import io.plugboard.api.resource.ResourceRef;
import io.plugboard.api.resource.ResourceService;
import io.plugboard.api.resource.Scope;

/**
 * In-memory ResourceService. {@code apply(String)} understands just enough: documents split by {@code ---}, one
 * {@code key: value} (or {@code "key": "value"}) per line; {@code kind}, {@code name}, {@code organization} and
 * {@code canvasId} place the document, every other key goes flat into the spec. A document without a name or with an
 * unknown kind is refused.
 */
class FakeResourceService implements ResourceService {

    static final Instant T0 = Instant.parse("2024-05-01T10:00:00.123Z");

    private static final Pattern LINE = Pattern.compile("^\\s*\"?([A-Za-z]+)\"?\\s*:\\s*\"?([^\",{}]*?)\"?\\s*,?\\s*$");

    final Map<ResourceRef, Resource> store = new LinkedHashMap<>();
    final Map<ResourceRef, List<ResourceRef>> usedBy = new HashMap<>();
    final Map<String, String> secretValues = new HashMap<>();
    final List<String> appliedTexts = new ArrayList<>();

    @Override
    public List<AppliedResource> apply(String text) {
        appliedTexts.add(text);
        List<FieldError> errors = new ArrayList<>();
        List<Resource> parsed = new ArrayList<>();
        String[] docs = text.split("(?m)^---\\s*$");
        int index = 0;
        for (String doc : docs) {
            if (doc.isBlank()) {
                continue;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            for (String line : doc.split("\n")) {
                Matcher m = LINE.matcher(line);
                if (m.matches() && !m.group(2).isEmpty()) {
                    fields.put(m.group(1), m.group(2));
                }
            }
            Optional<Kind> kind = Kind.ofKindName(fields.getOrDefault("kind", ""));
            if (kind.isEmpty()) {
                errors.add(new FieldError(index, "kind", "must be one of Secret, Integration, EventSource"));
            }
            if (!fields.containsKey("name")) {
                errors.add(new FieldError(index, "metadata.name", "required"));
            }
            if (kind.isPresent() && fields.containsKey("name")) {
                Map<String, Object> spec = new LinkedHashMap<>(fields);
                for (String k : List.of("apiVersion", "kind", "name", "organization", "canvasId")) {
                    spec.remove(k);
                }
                ResourceRef ref = new ResourceRef(kind.get(),
                        Scope.of(fields.get("organization"), fields.get("canvasId")), fields.get("name"));
                parsed.add(resource(ref, 1, spec, Map.of()));
            }
            index++;
        }
        if (!errors.isEmpty()) {
            throw new InvalidResourceException(errors);
        }
        List<AppliedResource> result = new ArrayList<>();
        for (Resource r : parsed) {
            result.add(store(r.ref(), r.spec(), r.status()));
        }
        return result;
    }

    @Override
    public List<AppliedResource> apply(List<Map<String, Object>> documents) {
        throw new UnsupportedOperationException();
    }

    /** Stores a resource as apply would: created, unchanged (same spec) or updated (next generation). */
    AppliedResource store(ResourceRef ref, Map<String, Object> spec, Map<String, Object> status) {
        Resource old = store.get(ref);
        ApplyAction action = old == null ? ApplyAction.CREATED
                : old.spec().equals(spec) ? ApplyAction.UNCHANGED : ApplyAction.UPDATED;
        long generation = old == null ? 1 : action == ApplyAction.UNCHANGED ? old.generation() : old.generation() + 1;
        Resource r = resource(ref, generation, spec, status);
        store.put(ref, r);
        return new AppliedResource(ref, r.uid(), generation, action);
    }

    static Resource resource(ResourceRef ref, long generation, Map<String, Object> spec, Map<String, Object> status) {
        return new Resource(ref, "uid-" + ref.name(), generation, T0, T0.plusSeconds(generation * 60), spec, status);
    }

    @Override
    public List<Resource> list(Kind kind, String organization, String canvasId) {
        return store.values().stream()
                .filter(r -> r.kind() == kind)
                .filter(r -> organization == null || r.scope().organization().equals(organization))
                .filter(r -> canvasId == null || canvasId.equals(r.scope().canvasId()))
                .sorted(Comparator.comparing((Resource r) -> r.scope().organization())
                        .thenComparing(r -> r.scope().canvasId() == null ? "" : r.scope().canvasId())
                        .thenComparing(Resource::name))
                .toList();
    }

    @Override
    public Optional<Resource> get(ResourceRef ref) {
        return Optional.ofNullable(store.get(ref));
    }

    @Override
    public Optional<Resource> getByUid(String uid) {
        return store.values().stream().filter(r -> r.uid().equals(uid)).findFirst();
    }


    @Override
    public List<ResourceRef> delete(ResourceRef ref, boolean cascade) {
        if (!store.containsKey(ref)) {
            throw new ResourceNotFoundException(ref);
        }
        List<ResourceRef> referrers = usedBy.getOrDefault(ref, List.of());
        if (!referrers.isEmpty() && !(cascade && ref.kind() == Kind.INTEGRATION)) {
            throw new ResourceInUseException(ref, referrers);
        }
        List<ResourceRef> deleted = new ArrayList<>();
        deleted.add(ref);
        deleted.addAll(referrers);
        deleted.forEach(store::remove);
        usedBy.remove(ref);
        return deleted;
    }

    @Override
    public boolean setStatus(ResourceRef integration, String key, Map<String, Object> value) {
        throw new UnsupportedOperationException();
    }

    @Override
    public AppliedResource setSecretValue(Scope scope, String name, String key, String value) {
        ResourceRef ref = new ResourceRef(Kind.SECRET, scope, name);
        secretValues.put(ref + "#" + key, value);
        Resource old = store.get(ref);
        TreeSet<String> keys = new TreeSet<>(old == null ? List.of() : old.secretKeys());
        keys.add(key);
        AppliedResource stored = store(ref, Map.of("keys", List.copyOf(keys)), Map.of());
        // a new value for an existing key changes the secret even though its key names stay the same
        return old != null && stored.action() == ApplyAction.UNCHANGED
                ? new AppliedResource(ref, stored.uid(), stored.generation(), ApplyAction.UPDATED) : stored;
    }

    /** What {@link #setSecretValue} stored (core serves it through {@code SecretValues}, not this service). */
    Optional<String> secretValue(Scope scope, String name, String key) {
        return Optional.ofNullable(secretValues.get(new ResourceRef(Kind.SECRET, scope, name) + "#" + key));
    }

    @Override
    public Resource provision(ResourceRef ref) {
        Resource r = get(ref).orElseThrow(() -> new io.plugboard.api.resource.ResourceNotFoundException(ref));
        return new Resource(r.ref(), r.uid(), r.generation(), r.createdAt(), r.updatedAt(), r.spec(),
                Map.of("phase", "Pending", "provisioning", Map.of("state", "Pending",
                        "reason", "the provider answered 502 to 'create the webhook on octo/hello'",
                        "nextAttempt", "2024-05-01T10:00:02Z",
                        "hooks", List.of(Map.of("target", "repos/octo/other", "id", "7")))));
    }
}
