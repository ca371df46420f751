package io.plugboard.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.swagger.v3.core.util.Json;
import io.swagger.v3.core.util.Yaml;
import io.swagger.v3.jaxrs2.Reader;
import io.swagger.v3.oas.integration.SwaggerConfiguration;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

/**
 * Writes {@code openapi.json} and {@code openapi.yaml} for the REST bundle at build time (exec-maven-plugin,
 * phase process-test-classes; the bundle packages them under {@code openapi/} and {@link OpenApiResource} serves
 * them). The JAX-RS resources are read by swagger-jaxrs2's {@link Reader}, one class at a time so that each gets
 * its tag and unique operation ids; {@code openapi-base.yaml} adds what the classes cannot tell. Each operation gets
 * the bearer requirement unless {@link AdminAuthFilter#isPublic} lets it through, and the error body for 4XX/5XX.
 */
public final class OpenApiGenerator {

    /** Where each JAX-RS resource class of this bundle is published (the CXF endpoint's address). */
    static final Map<Class<?>, String> ADDRESSES = addresses();

    private static Map<Class<?>, String> addresses() {
        Map<Class<?>, String> a = new LinkedHashMap<>();
        for (Class<?> c : List.of(HealthResource.class, ProvidersResource.class, ApplyResource.class,
                ResourcesResource.class, KeysResource.class, EventsResource.class, WebhooksResource.class,
                ConnectionTypesResource.class, ConnectionsResource.class, ExpressionsResource.class,
                IntegrationProxyResource.class, ExecutionsResource.class, ClusterResource.class, OidcKeysResource.class,
                IntegrationOidcTokenResource.class, IntegrationEventsResource.class, OpenApiResource.class)) {
            a.put(c, RestApiComponent.ADDRESS);
        }
        a.put(RootResource.class, "");
        // OidcDiscoveryComponent: <issuer path>/.well-known, the issuer path being empty unless configured
        a.put(OidcDiscoveryResource.class, "/.well-known");
        return a;
    }

    private OpenApiGenerator() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/openapi");
        OpenAPI api = generate();
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("openapi.json"), Json.pretty(api) + "\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("openapi.yaml"), Yaml.pretty(api), StandardCharsets.UTF_8);
        System.out.println("OpenAPI: " + api.getPaths().size() + " paths written to " + dir.toAbsolutePath());
    }

    static OpenAPI generate() throws IOException {
        OpenAPI api = base();
        Map<String, PathItem> paths = new TreeMap<>(api.getPaths());
        for (Map.Entry<Class<?>, String> e : ADDRESSES.entrySet()) {
            Class<?> resource = e.getKey();
            String tag = tag(resource);
            OpenAPI part = new Reader(new SwaggerConfiguration().openAPI(new OpenAPI())).read(Set.of(resource));
            if (part.getComponents() != null && part.getComponents().getSchemas() != null) {
                part.getComponents().getSchemas().forEach((name, schema) -> api.getComponents().addSchemas(name, schema));
            }
            for (Map.Entry<String, PathItem> p : part.getPaths().entrySet()) {
                String relative = p.getKey();
                String full = e.getValue() + (relative.equals("/") && !e.getValue().isEmpty() ? "" : relative);
                PathItem item = paths.computeIfAbsent(full, k -> new PathItem());
                for (Map.Entry<PathItem.HttpMethod, Operation> o : p.getValue().readOperationsMap().entrySet()) {
                    Operation op = o.getValue();
                    op.setOperationId(tag + Character.toUpperCase(op.getOperationId().charAt(0))
                            + op.getOperationId().substring(1));
                    op.setTags(List.of(tag));
                    boolean open = !e.getValue().equals(RestApiComponent.ADDRESS)
                            || AdminAuthFilter.isPublic(o.getKey().name(), relative);
                    op.setSecurity(open ? List.of() : List.of(new SecurityRequirement().addList("bearer")));
                    op.setResponses(responses(op.getResponses()));
                    declareTemplateParameters(full, op);
                    item.operation(o.getKey(), op);
                }
                if (item.getParameters() == null && p.getValue().getParameters() != null) {
                    item.setParameters(p.getValue().getParameters());
                }
            }
        }
        Paths sorted = new Paths();
        paths.forEach(sorted::addPathItem);
        api.setPaths(sorted);
        return api;
    }

    /**
     * A template variable the method reads through {@code UriInfo} rather than {@code @PathParam} (the proxy's
     * {@code {path: .*}}) still has to be declared: as a string that may hold slashes.
     */
    private static void declareTemplateParameters(String path, Operation op) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{(\\w+)}").matcher(path);
        while (m.find()) {
            String name = m.group(1);
            boolean declared = op.getParameters() != null && op.getParameters().stream()
                    .anyMatch(p -> "path".equals(p.getIn()) && name.equals(p.getName()));
            if (!declared) {
                op.addParametersItem(new io.swagger.v3.oas.models.parameters.PathParameter().name(name)
                        .description("The rest of the path, slashes included")
                        .schema(new io.swagger.v3.oas.models.media.StringSchema()));
            }
        }
    }

    /** The answer the method gives (Reader's "default response") as the success, then the error body. */
    private static ApiResponses responses(ApiResponses read) {
        ApiResponses out = new ApiResponses();
        ApiResponse success = read == null ? null : read.getDefault();
        if (success != null) {
            success.setDescription("The answer.");
            out.addApiResponse("default", success);
        }
        if (read != null) {
            read.forEach((code, r) -> {
                if (!code.equals("default")) {
                    out.addApiResponse(code, r);
                }
            });
        }
        for (String range : List.of("4XX", "5XX")) {
            out.addApiResponse(range, new ApiResponse().$ref("#/components/responses/Error"));
        }
        return out;
    }

    /** {@code ConnectionTypesResource} → {@code connectionTypes}. */
    static String tag(Class<?> resource) {
        String name = resource.getSimpleName().replaceAll("Resource$", "");
        return name.substring(0, 1).toLowerCase(Locale.ROOT) + name.substring(1);
    }

    private static OpenAPI base() throws IOException {
        try (InputStream in = OpenApiGenerator.class.getResourceAsStream("/openapi-base.yaml")) {
            if (in == null) {
                throw new IOException("openapi-base.yaml is not on the test class path");
            }
            ParseOptions options = new ParseOptions();
            options.setResolve(false);
            SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(new String(in.readAllBytes(),
                    StandardCharsets.UTF_8), null, options);
            List<String> messages = parsed.getMessages() == null ? List.of() : new ArrayList<>(parsed.getMessages());
            if (parsed.getOpenAPI() == null || !messages.isEmpty()) {
                throw new IOException("openapi-base.yaml: " + messages);
            }
            return parsed.getOpenAPI();
        }
    }
}
