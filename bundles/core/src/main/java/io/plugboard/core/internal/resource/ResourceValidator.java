package io.plugboard.core.internal.resource;

import io.plugboard.core.internal.schema.SchemaMessages;

import io.plugboard.api.resource.IntegrationTypes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.plugboard.api.connection.ConnectionTypeRef;
import io.plugboard.api.provider.ProviderRegistry;
import io.plugboard.api.provider.RegisteredProvider;
import io.plugboard.api.resource.FieldError;
import io.plugboard.api.resource.Kind;
import io.plugboard.api.resource.ResourceRef;
import io.plugboard.api.resource.Scope;

/**
 * Checks resource documents: their shape against the JSON Schema of their kind ({@code schemas/resources.schema.json}),
 * then, in code, what a schema cannot know — references to other resources and the installed providers' rules.
 * Every problem is reported with the field it is about; nothing stops at the first one.
 */
public final class ResourceValidator {

    /** A document whose shape is valid. */
    record Doc(int index, ResourceRef ref, Map<String, Object> spec) {
        Kind kind() {
            return ref.kind();
        }
    }

    /** What a document may refer to: the store as it will be after this input, the input included. */
    interface Lookup {
        /** The key names of the secret, if it exists. */
        Optional<Set<String>> secretKeys(ResourceRef ref);

        /** The {@code spec.type} of the integration, if it exists. */
        Optional<String> integrationType(ResourceRef ref);

        /** Whether an integration in {@code scope} finds that connection (in its scope or its organization). */
        boolean connectionExists(Scope scope, ConnectionTypeRef type, String name);
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> EVENT_SOURCE_FIELDS = Set.of("integration", "forward", "execute");

    private final Map<Kind, JsonSchema> schemas = new EnumMap<>(Kind.class);

    ResourceValidator() {
        JsonNode defs = readDefinitions();
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        for (Kind kind : Kind.values()) {
            ObjectNode schema = JSON.createObjectNode();
            schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
            schema.set("$defs", defs);
            schema.put("type", "object");
            schema.putArray("required").add("kind").add("metadata").add("spec");
            ObjectNode properties = schema.putObject("properties");
            properties.putObject("apiVersion").put("const", "v1");
            properties.putObject("kind").put("const", kind.kindName());
            properties.putObject("metadata").put("$ref", "#/$defs/metadata");
            properties.putObject("spec").put("$ref", "#/$defs/" + kind.kindName() + "Spec");
            properties.putObject("status").put("type", "object");
            schema.put("additionalProperties", false);
            schemas.put(kind, factory.getSchema(schema));
        }
    }

    private static JsonNode readDefinitions() {
        try (InputStream in = ResourceValidator.class.getClassLoader().getResourceAsStream("schemas/resources.schema.json")) {
            if (in == null) {
                throw new IllegalStateException("schemas/resources.schema.json is missing from the bundle");
            }
            return JSON.readTree(in).get("$defs");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- shape --------------------------------------------------------------------------------------

    /** The documents whose shape is valid; a problem with any of them is added to {@code errors}. */
    List<Doc> shape(List<Map<String, Object>> documents, List<FieldError> errors) {
        List<Doc> docs = new ArrayList<>();
        Map<ResourceRef, Integer> seen = new HashMap<>();
        for (int i = 0; i < documents.size(); i++) {
            Map<String, Object> document = documents.get(i);
            Object kindName = document.get("kind");
            if (kindName == null) {
                errors.add(new FieldError(i, "kind", "required (one of Secret, Integration, EventSource, Connection)"));
                continue;
            }
            Optional<Kind> kind = kindName instanceof String ? Kind.ofKindName((String) kindName) : Optional.empty();
            if (kind.isEmpty()) {
                errors.add(new FieldError(i, "kind", "unknown kind '" + kindName + "': one of Secret, Integration, EventSource, Connection"));
                continue;
            }
            List<FieldError> found = schemaErrors(i, kind.get(), JSON.valueToTree(document));
            if (!found.isEmpty()) {
                errors.addAll(found);
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> metadata = (Map<String, Object>) document.get("metadata");
            @SuppressWarnings("unchecked")
            Map<String, Object> spec = (Map<String, Object>) document.get("spec");
            ResourceRef ref = new ResourceRef(kind.get(),
                    Scope.of((String) metadata.get("organization"), (String) metadata.get("canvasId")),
                    (String) metadata.get("name"));
            Integer earlier = seen.putIfAbsent(ref, i);
            if (earlier != null) {
                errors.add(new FieldError(i, "metadata.name", ref + " is also document " + (earlier + 1) + " of this input"));
                continue;
            }
            docs.add(new Doc(i, ref, spec));
        }
        return docs;
    }

    private List<FieldError> schemaErrors(int index, Kind kind, JsonNode document) {
        List<FieldError> errors = new ArrayList<>();
        List<ValidationMessage> messages = new ArrayList<>(schemas.get(kind).validate(document));
        messages.sort(Comparator.comparing((ValidationMessage m) -> m.getInstanceLocation().toString())
                .thenComparing(ValidationMessage::getMessage));
        for (ValidationMessage m : messages) {
            FieldError error = SchemaMessages.toFieldError(index, m);
            if (error != null && !errors.contains(error)) {
                errors.add(error);
            }
        }
        return errors;
    }

    // ---- references and providers -------------------------------------------------------------------

    void references(List<Doc> docs, Lookup lookup, ProviderRegistry providers, List<FieldError> errors) {
        for (Doc doc : docs) {
            switch (doc.kind()) {
                case INTEGRATION:
                    integration(doc, lookup, providers, errors);
                    break;
                case EVENT_SOURCE:
                    eventSource(doc, lookup, providers, errors);
                    break;
                default:
                    break;
            }
        }
    }

    private static void integration(Doc doc, Lookup lookup, ProviderRegistry providers, List<FieldError> errors) {
        String type = (String) doc.spec().get("type");
        String providerId = IntegrationTypes.providerId(type);
        if (providers.provider(providerId).isEmpty()) {
            errors.add(new FieldError(doc.index(), "spec.type", "no provider '" + providerId + "' is installed (installed: "
                    + installed(providers) + ")"));
        }
        secretReference(doc, "spec.auth.token", nested(doc.spec(), "auth", "token"), lookup, errors);
        issuedCredential(doc, providerId, providers, lookup, errors);
        Map<String, Object> connection = ConnectionReferences.reference(doc.spec());
        if (connection != null) {
            ConnectionTypeRef connectionType = ConnectionTypeRef.parse((String) connection.get("type"));
            String name = (String) connection.get("name");
            if (!connectionType.provider().equals(providerId)) {
                errors.add(new FieldError(doc.index(), "spec.auth.connection.type", "a " + providerId + " integration needs a "
                        + providerId + " connection, not " + connectionType));
            } else if (!lookup.connectionExists(doc.ref().scope(), connectionType, name)) {
                errors.add(new FieldError(doc.index(), "spec.auth.connection.name", "no connection " + connectionType + " '" + name
                        + "' in " + References.describe(doc.ref().scope()) + (doc.ref().scope().isCanvas() ? " or its organization" : "")));
            }
        }
        secretReference(doc, "spec.webhook.secret", nested(doc.spec(), "webhook", "secret"), lookup, errors);
        trustedIssuer(doc, providerId, providers, errors);
    }

    /** {@code spec.oidc.enabled} needs an issuer to trust: {@code spec.oidc.issuer}, or the provider's CI issuer. */
    private static void trustedIssuer(Doc doc, String providerId, ProviderRegistry providers, List<FieldError> errors) {
        Map<String, Object> oidc = nested(doc.spec(), "oidc");
        if (oidc == null || !Boolean.TRUE.equals(oidc.get("enabled")) || oidc.get("issuer") instanceof String) {
            return;
        }
        String url = doc.spec().get("url") instanceof String u ? u : "";
        providers.provider(providerId).ifPresent(p -> {
            if (p.descriptor().ciIssuer(url) == null) {
                errors.add(new FieldError(doc.index(), "spec.oidc.issuer", "required: the " + providerId
                        + " provider names no CI issuer whose ID tokens it could trust by default"));
            }
        });
    }

    /** Auth types beyond Plugboard's own are a provider's {@code CredentialIssuer}'s: it must be there, its secrets too. */
    private static void issuedCredential(Doc doc, String providerId, ProviderRegistry providers, Lookup lookup,
                                         List<FieldError> errors) {
        Map<String, Object> auth = nested(doc.spec(), "auth");
        Object use = auth == null ? null : auth.get("use");
        if (!(use instanceof String authType) || PLUGBOARD_AUTH_TYPES.contains(authType)) {
            return;
        }
        Optional<io.plugboard.api.provider.CredentialIssuer> issuer = providers.provider(providerId)
                .flatMap(p -> p.credentialIssuer(authType));
        if (issuer.isEmpty()) {
            if (providers.provider(providerId).isPresent()) {
                errors.add(new FieldError(doc.index(), "spec.auth.use", "the " + providerId + " provider issues no "
                        + authType + " credentials"));
            }
            return;
        }
        String key = issuer.get().settingsKey();
        Map<String, Object> settings = nested(auth, key);
        if (settings == null) {
            errors.add(new FieldError(doc.index(), "spec.auth." + key, "required for " + authType));
            return;
        }
        settings.forEach((field, value) -> {
            if (value instanceof Map<?, ?>) {
                secretReference(doc, "spec.auth." + key + "." + field, nested(settings, field), lookup, errors);
            }
        });
    }

    private static final Set<String> PLUGBOARD_AUTH_TYPES = Set.of("AUTH_TYPE_NONE", "AUTH_TYPE_TOKEN", "AUTH_TYPE_OIDC",
            ConnectionReferences.AUTH_TYPE_CONNECTION);

    private static void secretReference(Doc doc, String field, Map<String, Object> ref, Lookup lookup, List<FieldError> errors) {
        Map<String, Object> secret = nested(ref, "valueFrom", "secret");
        if (secret == null) {
            return;
        }
        String name = (String) secret.get("name");
        String key = (String) secret.get("key");
        for (Scope scope : References.secretScopes(doc.ref().scope())) {
            Optional<Set<String>> keys = lookup.secretKeys(new ResourceRef(Kind.SECRET, scope, name));
            if (keys.isPresent()) {
                if (!keys.get().contains(key)) {
                    errors.add(new FieldError(doc.index(), field + ".valueFrom.secret.key", "Secret '" + name + "' has no key '"
                            + key + "' (keys: " + String.join(", ", new TreeSet<>(keys.get())) + ")"));
                }
                return;
            }
        }
        errors.add(new FieldError(doc.index(), field + ".valueFrom.secret.name", "no Secret '" + name + "' in "
                + References.describe(doc.ref().scope()) + (doc.ref().scope().isCanvas() ? " or its organization" : "")));
    }

    private static void eventSource(Doc doc, Lookup lookup, ProviderRegistry providers, List<FieldError> errors) {
        Map<String, Object> integration = nested(doc.spec(), "integration");
        String domain = (String) integration.get("domain");
        String name = (String) integration.get("name");
        if ("CANVAS".equals(domain) && !doc.ref().scope().isCanvas()) {
            errors.add(new FieldError(doc.index(), "spec.integration.domain", "CANVAS needs metadata.canvasId: "
                    + "the integration is looked up in the event source's own canvas"));
            return;
        }
        secretReference(doc, "spec.forward.secret", nested(doc.spec(), "forward", "secret"), lookup, errors);
        Scope scope = References.integrationScope(doc.ref().scope(), domain);
        Optional<String> type = lookup.integrationType(new ResourceRef(Kind.INTEGRATION, scope, name));
        if (type.isEmpty()) {
            errors.add(new FieldError(doc.index(), "spec.integration.name", "no Integration '" + name + "' in "
                    + References.describe(scope)));
            return;
        }
        String providerId = IntegrationTypes.providerId(type.get());
        Optional<RegisteredProvider> provider = providers.provider(providerId);
        for (Map.Entry<String, Object> block : doc.spec().entrySet()) {
            if (EVENT_SOURCE_FIELDS.contains(block.getKey())) {
                continue;
            }
            String field = "spec." + block.getKey();
            if (!block.getKey().equals(providerId)) {
                errors.add(new FieldError(doc.index(), field, "filter block '" + block.getKey() + "' does not match the "
                        + "integration's provider: Integration '" + name + "' is " + type.get() + ", so the block is '"
                        + providerId + "'"));
            } else if (provider.isEmpty()) {
                errors.add(new FieldError(doc.index(), field, "provider '" + providerId + "' is not installed, so its "
                        + "filter fields cannot be checked"));
            } else {
                List<String> declared = provider.get().descriptor().filterFields();
                @SuppressWarnings("unchecked")
                Map<String, Object> filters = (Map<String, Object>) block.getValue();
                boolean known = true;
                for (String filter : filters.keySet()) {
                    if (!declared.contains(filter)) {
                        known = false;
                        errors.add(new FieldError(doc.index(), field + "." + filter, "unknown filter field: provider '"
                                + providerId + "' declares " + (declared.isEmpty() ? "none" : String.join(", ", declared))));
                    }
                }
                if (known) {
                    servable(doc, field, name, scope, filters, provider.get(), errors);
                }
            }
        }
    }

    /** A provider that creates hooks must be able to serve the filter (e.g. GitHub: {@code repository} is owner/name). */
    private static void servable(Doc doc, String field, String integration, Scope scope, Map<String, Object> filters,
                                 RegisteredProvider provider, List<FieldError> errors) {
        if (provider.provisioner().isEmpty()) {
            return;
        }
        io.plugboard.api.provider.IntegrationContext context = new io.plugboard.api.provider.IntegrationContext() {
            @Override public String integrationName() { return integration; }
            @Override public String organization() { return scope.organization(); }
            @Override public String url() { return ""; }
            @Override public Optional<String> token() { return Optional.empty(); }
            @Override public String webhookUrl() { return ""; }
            @Override public Map<String, Object> settings() { return Map.of(); }
        };
        try {
            provider.provisioner().get().hookFor(context, filters);
        } catch (io.plugboard.api.provider.ActionException e) {
            errors.add(new FieldError(doc.index(), field, e.getMessage()));
        } catch (RuntimeException e) {
            // the provider's own bug: provisioning reports it on the event source's status
        }
    }

    private static String installed(ProviderRegistry providers) {
        List<String> ids = providers.providers().stream().map(RegisteredProvider::id).toList();
        return ids.isEmpty() ? "none" : String.join(", ", ids);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> nested(Map<String, Object> map, String... path) {
        Object current = map;
        for (String p : path) {
            if (!(current instanceof Map)) {
                return null;
            }
            current = ((Map<String, Object>) current).get(p);
        }
        return current instanceof Map ? (Map<String, Object>) current : null;
    }
}
