package io.plugboard.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.ws.rs.NotSupportedException;
import javax.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.plugboard.api.resource.AppliedResource;
import io.plugboard.api.resource.ApplyAction;
import io.plugboard.api.resource.EncryptionKeys;
import io.plugboard.api.resource.FieldError;
import io.plugboard.api.resource.InvalidResourceException;
import io.plugboard.api.resource.Kind;
import io.plugboard.api.resource.Resource;
import io.plugboard.api.resource.ResourceInUseException;
import io.plugboard.api.resource.ResourceNotFoundException;
import io.plugboard.api.resource.ResourceRef;
import io.plugboard.api.resource.ResourceService;
import io.plugboard.api.resource.Scope;
import org.junit.Test;

/** The resource and key endpoints, called as plain objects against in-memory services; errors via the mappers. */
public class ResourceApiTest {

    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    private static final ResourceRef GITHUB_SECRET = new ResourceRef(Kind.SECRET, Scope.organization("default"), "github");
    private static final ResourceRef GITHUB = new ResourceRef(Kind.INTEGRATION, Scope.organization("default"), "github");
    private static final ResourceRef PUSHES = new ResourceRef(Kind.EVENT_SOURCE, new Scope("default", "canvas-1"), "pushes");

    private final ObjectMapper json = RestApiComponent.objectMapper();
    private final FakeResources service = new FakeResources();
    private final FakeKeys keys = new FakeKeys();

    // ---- POST /apply

    @Test
    public void aBodyOverTheLimitIs413WithoutApplying() throws Exception {
        byte[] big = new byte[ApplyResource.MAX_BYTES + 1];
        java.util.Arrays.fill(big, (byte) 'a');
        try {
            new ApplyResource(service).apply(new java.io.ByteArrayInputStream(big));
            fail("413 expected");
        } catch (ApiException e) {
            assertEquals(413, e.getResponse().getStatus());
        }
    }

    @Test
    public void applyAnswers201WhenSomethingWasCreated() throws Exception {
        service.applyResult = List.of(
                new AppliedResource(GITHUB_SECRET, "uid-1", 1, ApplyAction.CREATED),
                new AppliedResource(PUSHES, "uid-2", 3, ApplyAction.UNCHANGED));
        Response r = new ApplyResource(service).apply("kind: Secret\n---\nkind: EventSource\n");
        assertEquals(201, r.getStatus());
        assertEquals("kind: Secret\n---\nkind: EventSource\n", service.appliedText);

        JsonNode body = toJson(r);
        assertEquals(2, body.path("results").size());
        JsonNode secret = body.path("results").get(0);
        assertEquals(json.readTree("{\"kind\":\"Secret\",\"name\":\"github\",\"organization\":\"default\","
                + "\"uid\":\"uid-1\",\"generation\":1,\"action\":\"created\"}"), secret);
        assertFalse("no canvasId for organization-wide resources", secret.has("canvasId"));
        JsonNode source = body.path("results").get(1);
        assertEquals("EventSource", source.path("kind").asText());
        assertEquals("canvas-1", source.path("canvasId").asText());
        assertEquals(3, source.path("generation").asLong());
        assertEquals("unchanged", source.path("action").asText());
    }

    @Test
    public void applyShowsDisplayOnceValuesOnlyWhenThereAreSome() throws Exception {
        service.applyResult = List.of(
                new AppliedResource(GITHUB, "uid-3", 1, ApplyAction.CREATED, Map.of("webhookSecret", "whsec_abc")),
                new AppliedResource(GITHUB_SECRET, "uid-1", 1, ApplyAction.UNCHANGED, Map.of()));
        JsonNode results = toJson(new ApplyResource(service).apply("kind: Integration\n---\nkind: Secret\n"))
                .path("results");
        assertEquals(json.readTree("{\"kind\":\"Integration\",\"name\":\"github\",\"organization\":\"default\","
                + "\"uid\":\"uid-3\",\"generation\":1,\"action\":\"created\","
                + "\"displayOnce\":{\"webhookSecret\":\"whsec_abc\"}}"), results.get(0));
        assertFalse("omitted when empty", results.get(1).has("displayOnce"));
    }

    @Test
    public void applyAnswers200WhenNothingWasCreated() throws Exception {
        service.applyResult = List.of(
                new AppliedResource(GITHUB_SECRET, "uid-1", 2, ApplyAction.UPDATED),
                new AppliedResource(GITHUB, "uid-3", 1, ApplyAction.UNCHANGED));
        Response r = new ApplyResource(service).apply("{\"kind\":\"Secret\"}");
        assertEquals(200, r.getStatus());
        JsonNode results = toJson(r).path("results");
        assertEquals("updated", results.get(0).path("action").asText());
        assertEquals("unchanged", results.get(1).path("action").asText());
    }

    @Test
    public void applyOfAnEmptyBodyIs400() {
        for (String empty : new String[] {null, "", "  \n"}) {
            Response r = mapped(() -> new ApplyResource(service).apply(empty));
            assertEquals(400, r.getStatus());
            assertEquals("bad_request", ((ErrorBody) r.getEntity()).error());
        }
        assertNull("the service is not called", service.appliedText);
    }

    @Test
    public void invalidDocumentsAre400WithDetailsNumberedFromOne() throws Exception {
        service.applyFailure = new InvalidResourceException(List.of(
                new FieldError(0, "spec.auth.use", "must be one of AUTH_TYPE_NONE, AUTH_TYPE_TOKEN"),
                new FieldError(1, "", "unknown kind 'Secrett'")));
        Response r = mapped(() -> new ApplyResource(service).apply("kind: Integration\n---\nkind: Secrett\n"));
        assertEquals(400, r.getStatus());

        JsonNode body = toJson(r);
        assertEquals("invalid", body.path("error").asText());
        String message = body.path("message").asText();
        assertTrue(message, message.contains("nothing was stored") && message.contains("spec.auth.use"));
        assertEquals(json.readTree("[{\"document\":1,\"field\":\"spec.auth.use\","
                + "\"message\":\"must be one of AUTH_TYPE_NONE, AUTH_TYPE_TOKEN\"},"
                + "{\"document\":2,\"field\":\"\",\"message\":\"unknown kind 'Secrett'\"}]"), body.path("details"));
        assertFalse(body.has("referrers"));
    }

    @Test
    public void otherErrorsKeepTheTwoFieldShape() throws Exception {
        JsonNode body = json.readTree(json.writeValueAsString(new ErrorBody("not_found", "No such resource.")));
        assertEquals(json.readTree("{\"error\":\"not_found\",\"message\":\"No such resource.\"}"), body);
    }

    @Test
    public void unsupportedContentTypeIsAJson415() {
        Response r = new WebApplicationExceptionMapper().toResponse(new NotSupportedException());
        assertEquals(415, r.getStatus());
        assertEquals(new ErrorBody("unsupported_media_type", "Unsupported Content-Type."), r.getEntity());
    }

    @Test
    public void illegalArgumentsFromTheServiceAre400WithTheirMessage() {
        service.applyFailure = new IllegalArgumentException("Input too large: at most 1000 documents.");
        Response r = mapped(() -> new ApplyResource(service).apply("kind: Secret"));
        assertEquals(400, r.getStatus());
        assertEquals(new ErrorBody("bad_request", "Input too large: at most 1000 documents."), r.getEntity());
    }

    @Test
    public void otherServiceFailuresAre500WithoutInternals() {
        service.applyFailure = new IllegalStateException("connection pool exhausted at jdbc:h2:secret");
        Response r = mapped(() -> new ApplyResource(service).apply("kind: Secret"));
        assertEquals(500, r.getStatus());
        ErrorBody body = (ErrorBody) r.getEntity();
        assertEquals("internal_error", body.error());
        assertFalse(body.message().contains("jdbc"));
    }

    // ---- GET /{plural}, GET /{plural}/{name}

    @Test
    public void listPassesKindAndFiltersThrough() throws Exception {
        service.stored.add(resource(PUSHES, Map.of("integration", "github")));
        Response r = resources().list("eventsources", "acme", "canvas-1", null, null);
        assertEquals(200, r.getStatus());
        assertEquals("application/json", r.getMediaType().toString());
        assertEquals(List.of(Kind.EVENT_SOURCE, "acme", "canvas-1"), service.lastList);

        JsonNode items = toJson(r).path("items");
        assertEquals(1, items.size());
        assertEquals("EventSource", items.get(0).path("kind").asText());
        assertEquals("pushes", items.get(0).path("metadata").path("name").asText());
        assertEquals("canvas-1", items.get(0).path("metadata").path("canvasId").asText());
        assertEquals("github", items.get(0).path("spec").path("integration").asText());
    }

    @Test
    public void listWithoutFiltersAsksForEverything() {
        resources().list("secrets", null, "", null, null);
        assertEquals(List.of(Kind.SECRET), service.lastList.subList(0, 1));
        assertNull(service.lastList.get(1));
        assertNull(service.lastList.get(2));
    }

    @Test
    public void getAnswersTheDocumentInTheDefaultOrganization() throws Exception {
        service.stored.add(resource(GITHUB_SECRET, Map.of("keys", List.of("token"))));
        Response r = resources().get("secrets", "github", null, null, null, null);
        assertEquals(200, r.getStatus());
        JsonNode doc = toJson(r);
        assertEquals("Secret", doc.path("kind").asText());
        assertEquals("default", doc.path("metadata").path("organization").asText());
        assertFalse(doc.path("metadata").has("canvasId"));
        assertEquals("[\"token\"]", doc.path("spec").path("keys").toString());
    }

    @Test
    public void getOfAnAbsentResourceIs404() {
        service.stored.add(resource(GITHUB_SECRET, Map.of()));
        Response r = mapped(() -> resources().get("secrets", "github", "default", "canvas-1", null, null));
        assertEquals(404, r.getStatus());
        ErrorBody body = (ErrorBody) r.getEntity();
        assertEquals("not_found", body.error());
        assertTrue(body.message(), body.message().contains("github") && body.message().contains("canvas-1"));
    }

    @Test
    public void provisionAnswersTheIntegrationWithItsProvisioningStatus() throws Exception {
        ResourceRef ref = new ResourceRef(Kind.INTEGRATION, Scope.organization("default"), "gh");
        service.stored.add(resource(ref, Map.of("type", "TYPE_GITHUB")));
        Response r = resources().provision("integrations", "gh", null, null, null, null);
        assertEquals(200, r.getStatus());
        JsonNode doc = toJson(r);
        assertEquals("Ready", doc.path("status").path("provisioning").path("state").asText());
        assertEquals("42", doc.path("status").path("provisioning").path("hooks").get(0).path("id").asText());
    }

    @Test
    public void provisionOfAnAbsentIntegrationIs404AndOfASecretToo() {
        assertEquals(404, mapped(() -> resources().provision("integrations", "nope", null, null, null, null)).getStatus());
        Response secret = mapped(() -> resources().provision("secrets", "github", null, null, null, null));
        assertEquals(404, secret.getStatus());
        assertTrue(((ErrorBody) secret.getEntity()).message().contains("Only integrations are provisioned"));
    }

    @Test
    public void unknownPluralIs404() {
        Response r = mapped(() -> resources().list("secretz", null, null, null, null));
        assertEquals(404, r.getStatus());
        assertEquals("not_found", ((ErrorBody) r.getEntity()).error());
    }

    @Test
    public void outputYamlRendersYaml() throws Exception {
        service.stored.add(resource(GITHUB, Map.of("provider", "github", "auth", Map.of("use", "AUTH_TYPE_TOKEN"))));
        Response one = resources().get("integrations", "github", null, null, "yaml", null);
        assertEquals(200, one.getStatus());
        assertEquals("application/yaml", one.getMediaType().toString());
        String yaml = (String) one.getEntity();
        assertTrue(yaml, yaml.contains("kind: Integration") && yaml.contains("use: AUTH_TYPE_TOKEN"));
        assertFalse("not JSON", yaml.trim().startsWith("{"));
        JsonNode parsed = new YAMLMapper().readTree(yaml);
        assertEquals(tree(service.stored.get(0).toDocument()), parsed);

        Response list = resources().list("integrations", null, null, "YAML", null);
        assertEquals("application/yaml", list.getMediaType().toString());
        assertEquals("github", new YAMLMapper().readTree((String) list.getEntity())
                .path("items").get(0).path("metadata").path("name").asText());

        Response explicitJson = resources().list("integrations", null, null, "json", null);
        assertEquals("application/json", explicitJson.getMediaType().toString());
    }

    @Test
    public void anotherOutputIs400() {
        for (Runnable call : List.<Runnable>of(
                () -> resources().list("secrets", null, null, "xml", null),
                () -> resources().get("secrets", "github", null, null, "table", null),
                () -> new KeysResource(keys).list("csv", null))) {
            Response r = mapped(call);
            assertEquals(400, r.getStatus());
            assertEquals("bad_request", ((ErrorBody) r.getEntity()).error());
        }
        assertNull("validated before the service is asked", service.lastList);
    }

    // ---- DELETE /{plural}/{name}

    @Test
    public void deleteIs204AndPassesScopeAndCascade() {
        Response r = resources().delete("integrations", "github", "acme", "canvas-1", "true");
        assertEquals(204, r.getStatus());
        assertEquals(new ResourceRef(Kind.INTEGRATION, new Scope("acme", "canvas-1"), "github"), service.lastDelete);
        assertTrue(service.lastCascade);

        resources().delete("secrets", "github", null, null, null);
        assertEquals(GITHUB_SECRET, service.lastDelete);
        assertFalse(service.lastCascade);
    }

    @Test
    public void deleteWithAMalformedCascadeIs400() {
        Response r = mapped(() -> resources().delete("integrations", "github", null, null, "yes"));
        assertEquals(400, r.getStatus());
        assertNull(service.lastDelete);
    }

    @Test
    public void deleteOfAnAbsentResourceIs404() {
        service.deleteFailure = new ResourceNotFoundException(GITHUB);
        Response r = mapped(() -> resources().delete("integrations", "github", null, null, null));
        assertEquals(404, r.getStatus());
        assertEquals(new ErrorBody("not_found", "No Integration 'github' in organization 'default'."), r.getEntity());
    }

    @Test
    public void deleteOfAResourceInUseIs409WithTheReferrers() throws Exception {
        service.deleteFailure = new ResourceInUseException(GITHUB, List.of(
                PUSHES, new ResourceRef(Kind.EVENT_SOURCE, Scope.organization("default"), "issues")));
        Response r = mapped(() -> resources().delete("integrations", "github", null, null, "false"));
        assertEquals(409, r.getStatus());

        JsonNode body = toJson(r);
        assertEquals("conflict", body.path("error").asText());
        assertTrue(body.path("message").asText().contains("cascade"));
        assertEquals(json.readTree("[{\"kind\":\"EventSource\",\"name\":\"pushes\",\"organization\":\"default\","
                + "\"canvasId\":\"canvas-1\"},{\"kind\":\"EventSource\",\"name\":\"issues\",\"organization\":\"default\"}]"),
                body.path("referrers"));
        assertFalse(body.has("details"));
    }

    // ---- /keys

    @Test
    public void keysAreListedWithoutKeyMaterial() throws Exception {
        Response r = new KeysResource(keys).list(null, null);
        assertEquals(200, r.getStatus());
        assertEquals(json.readTree("{\"items\":[{\"id\":\"k2\",\"createdAt\":\"2024-05-01T10:00:00Z\",\"active\":true,"
                + "\"values\":3},{\"id\":\"k1\",\"createdAt\":\"2024-05-01T09:00:00Z\",\"active\":false,\"values\":1}]}"),
                toJson(r));
    }

    @Test
    public void rotateAnswersTheNewKeyAndWhatWasRetired() throws Exception {
        Map<String, Object> body = new KeysResource(keys).rotate();
        assertEquals(1, keys.rotations);
        assertEquals(json.readTree("{\"newKeyId\":\"k3\",\"reencrypted\":4,\"retired\":[\"k1\",\"k2\"]}"),
                tree(body));
    }

    @Test
    public void resourceAndKeyPathsNeedTheToken() {
        assertFalse(AdminAuthFilter.isPublic("POST", "/apply"));
        assertFalse(AdminAuthFilter.isPublic("GET", "/secrets"));
        assertFalse(AdminAuthFilter.isPublic("DELETE", "/integrations/github"));
        assertFalse(AdminAuthFilter.isPublic("GET", "/keys"));
        assertFalse(AdminAuthFilter.isPublic("POST", "/keys/rotate"));
    }

    // ---- helpers

    private ResourcesResource resources() {
        return new ResourcesResource(service);
    }

    /** What CXF does with an exception thrown by a resource method: the most specific mapper answers. */
    private static Response mapped(Runnable call) {
        try {
            call.run();
        } catch (javax.ws.rs.WebApplicationException e) {
            return new WebApplicationExceptionMapper().toResponse(e);
        } catch (RuntimeException e) {
            return new ResourceExceptionMapper().toResponse(e);
        }
        fail("expected an exception");
        return null;
    }

    private JsonNode toJson(Response r) throws Exception {
        return tree(r.getEntity());
    }

    /** As a client reads it: written as JSON and parsed again. */
    private JsonNode tree(Object value) throws Exception {
        return json.readTree(json.writeValueAsString(value));
    }

    private static Resource resource(ResourceRef ref, Map<String, Object> spec) {
        return new Resource(ref, "uid-" + ref.name(), 1, T0, T0, spec, Map.of());
    }

    static final class FakeResources implements ResourceService {
        final List<Resource> stored = new ArrayList<>();
        List<AppliedResource> applyResult = List.of();
        RuntimeException applyFailure;
        RuntimeException deleteFailure;
        String appliedText;
        List<Object> lastList;
        ResourceRef lastDelete;
        boolean lastCascade;

        @Override
        public List<AppliedResource> apply(String text) {
            appliedText = text;
            if (applyFailure != null) {
                throw applyFailure;
            }
            return applyResult;
        }

        @Override
        public List<AppliedResource> apply(List<Map<String, Object>> documents) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Resource> list(Kind kind, String organization, String canvasId) {
            lastList = new ArrayList<>(java.util.Arrays.asList(kind, organization, canvasId));
            return stored.stream().filter(r -> r.kind() == kind).toList();
        }

        @Override
        public Optional<Resource> get(ResourceRef ref) {
            return stored.stream().filter(r -> r.ref().equals(ref)).findFirst();
        }

        @Override
        public Optional<Resource> getByUid(String uid) {
            return stored.stream().filter(r -> r.uid().equals(uid)).findFirst();
        }


        @Override
        public List<ResourceRef> delete(ResourceRef ref, boolean cascade) {
            lastDelete = ref;
            lastCascade = cascade;
            if (deleteFailure != null) {
                throw deleteFailure;
            }
            return List.of(ref);
        }

        @Override
        public Resource provision(ResourceRef ref) {
            Resource r = get(ref).orElseThrow(() -> new io.plugboard.api.resource.ResourceNotFoundException(ref));
            return new Resource(r.ref(), r.uid(), r.generation(), r.createdAt(), r.updatedAt(), r.spec(),
                    Map.of("phase", "Ready", "provisioning", Map.of("state", "Ready",
                            "hooks", List.of(Map.of("target", "repos/octo/hello", "id", "42")))));
        }

        @Override
        public AppliedResource setSecretValue(Scope scope, String name, String key, String value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean setStatus(ResourceRef integration, String key, Map<String, Object> value) {
            throw new UnsupportedOperationException();
        }
    }

    private static final class FakeKeys implements EncryptionKeys {
        int rotations;

        @Override
        public List<KeyInfo> keys() {
            return List.of(new KeyInfo("k2", T0, true, 3), new KeyInfo("k1", T0.minusSeconds(3600), false, 1));
        }

        @Override
        public RotationResult rotate() {
            rotations++;
            return new RotationResult("k3", 4, List.of("k1", "k2"));
        }
    }
}
