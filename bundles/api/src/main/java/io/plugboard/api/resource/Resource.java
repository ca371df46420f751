package io.plugboard.api.resource;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A stored resource as clients see it. For a {@link Kind#SECRET Secret} the spec holds only the key names
 * ({@code spec.keys}): secret values never leave the store through this type.
 */
public final class Resource {

    private final ResourceRef ref;
    private final String uid;
    private final long generation;
    private final Instant createdAt;
    private final Instant updatedAt;
    private final Map<String, Object> spec;
    private final Map<String, Object> status;

    public Resource(ResourceRef ref, String uid, long generation, Instant createdAt, Instant updatedAt,
                    Map<String, Object> spec, Map<String, Object> status) {
        this.ref = Objects.requireNonNull(ref, "ref");
        this.uid = Objects.requireNonNull(uid, "uid");
        this.generation = generation;
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.updatedAt = Objects.requireNonNull(updatedAt, "updatedAt");
        this.spec = Collections.unmodifiableMap(new LinkedHashMap<>(spec));
        this.status = Collections.unmodifiableMap(new LinkedHashMap<>(status));
    }

    public ResourceRef ref() { return ref; }
    public Kind kind() { return ref.kind(); }
    public Scope scope() { return ref.scope(); }
    public String name() { return ref.name(); }
    public String uid() { return uid; }
    /** Starts at 1 and grows by one with every change of the spec. */
    public long generation() { return generation; }
    public Instant createdAt() { return createdAt; }
    public Instant updatedAt() { return updatedAt; }
    public Map<String, Object> spec() { return spec; }
    public Map<String, Object> status() { return status; }

    /** Key names of a secret (empty for other kinds). */
    @SuppressWarnings("unchecked")
    public List<String> secretKeys() {
        Object keys = spec.get("keys");
        return kind() == Kind.SECRET && keys instanceof List ? (List<String>) keys : List.of();
    }

    /**
     * The resource in the document format of {@code apply}: {@code apiVersion}, {@code kind}, {@code metadata}
     * (name, organization, canvasId, uid, generation, createdAt, updatedAt), {@code spec}, {@code status}.
     */
    public Map<String, Object> toDocument() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", name());
        metadata.put("organization", scope().organization());
        if (scope().canvasId() != null) {
            metadata.put("canvasId", scope().canvasId());
        }
        metadata.put("uid", uid);
        metadata.put("generation", generation);
        metadata.put("createdAt", createdAt.toString());
        metadata.put("updatedAt", updatedAt.toString());
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("apiVersion", "v1");
        doc.put("kind", kind().kindName());
        doc.put("metadata", metadata);
        doc.put("spec", spec);
        if (!status.isEmpty()) {
            doc.put("status", status);
        }
        return doc;
    }

    @Override
    public String toString() {
        return ref + " (uid " + uid + ", generation " + generation + ")";
    }
}
