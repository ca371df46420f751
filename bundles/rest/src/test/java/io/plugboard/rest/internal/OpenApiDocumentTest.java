package io.plugboard.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import javax.ws.rs.HttpMethod;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The OpenAPI document the bundle ships (generated into {@code target/openapi} before the tests run) is valid, and
 * holds every JAX-RS resource method of the bundle: a resource class or method added without the document following
 * fails here.
 */
public class OpenApiDocumentTest {

    private static final Path DOCUMENT = Path.of("target/openapi/openapi.json");
    private static OpenAPI api;

    @BeforeClass
    public static void parse() throws IOException {
        assertTrue(DOCUMENT + " is generated at process-test-classes (exec-maven-plugin)", Files.isRegularFile(DOCUMENT));
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(Files.readString(DOCUMENT, StandardCharsets.UTF_8));
        assertEquals("swagger-parser finds nothing wrong", List.of(), parsed.getMessages());
        api = parsed.getOpenAPI();
        assertNotNull(api);
    }

    @Test
    public void everyJaxRsResourceMethodIsInTheDocument() throws Exception {
        List<String> missing = new ArrayList<>();
        int methods = 0;
        for (Class<?> resource : resourceClasses()) {
            String address = OpenApiGenerator.ADDRESSES.get(resource);
            if (address == null) {
                missing.add(resource.getSimpleName() + " (not in OpenApiGenerator.ADDRESSES)");
                continue;
            }
            String classPath = resource.getAnnotation(javax.ws.rs.Path.class).value();
            for (Method m : resource.getDeclaredMethods()) {
                String verb = httpMethod(m);
                if (verb == null) {
                    continue;
                }
                methods++;
                javax.ws.rs.Path sub = m.getAnnotation(javax.ws.rs.Path.class);
                String relative = join(classPath, sub == null ? "" : sub.value());
                String path = template(relative.equals("/") && !address.isEmpty() ? address : address + relative);
                PathItem item = api.getPaths().get(path);
                Operation op = item == null ? null
                        : item.readOperationsMap().get(PathItem.HttpMethod.valueOf(verb.toUpperCase(Locale.ROOT)));
                if (op == null) {
                    missing.add(verb + " " + path + " (" + resource.getSimpleName() + "." + m.getName() + ")");
                } else {
                    assertTrue(path + ": the error body", op.getResponses().containsKey("4XX"));
                }
            }
        }
        assertEquals("resource methods the OpenAPI document lacks", List.of(), missing);
        assertTrue("found the resources (" + methods + " methods)", methods > 40);
    }

    @Test
    public void theAdminTokenIsRequiredWhereTheFilterRequiresIt() {
        assertEquals(List.of(), op("/api/v1/health", PathItem.HttpMethod.GET).getSecurity());
        assertEquals(List.of(), op("/api/v1/openapi.json", PathItem.HttpMethod.GET).getSecurity());
        assertTrue(op("/api/v1/connections/{id}/refresh", PathItem.HttpMethod.POST).getSecurity().get(0).containsKey("bearer"));
        assertTrue(op("/api/v1/apply", PathItem.HttpMethod.POST).getSecurity().get(0).containsKey("bearer"));
        assertEquals("bearer", api.getComponents().getSecuritySchemes().get("bearer").getScheme());
        assertTrue(api.getComponents().getSchemas().get("Error").getRequired().containsAll(List.of("error", "message")));
        assertNotNull("the webhook endpoint, served by Camel", op("/webhooks/{provider}/{integration}", PathItem.HttpMethod.POST));
    }

    @Test
    public void theYamlDocumentSaysTheSame() throws IOException {
        SwaggerParseResult yaml = new OpenAPIV3Parser().readContents(
                Files.readString(DOCUMENT.resolveSibling("openapi.yaml"), StandardCharsets.UTF_8));
        assertEquals(List.of(), yaml.getMessages());
        assertEquals(api.getPaths().keySet(), yaml.getOpenAPI().getPaths().keySet());
    }

    private static Operation op(String path, PathItem.HttpMethod method) {
        PathItem item = api.getPaths().get(path);
        assertNotNull(path + " in " + api.getPaths().keySet(), item);
        Operation op = item.readOperationsMap().get(method);
        assertNotNull(method + " " + path, op);
        return op;
    }

    private static String httpMethod(Method m) {
        for (Annotation a : m.getAnnotations()) {
            HttpMethod verb = a.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null) {
                return verb.value();
            }
        }
        return null;
    }

    private static String join(String a, String b) {
        String joined = ("/" + a + "/" + b).replaceAll("/+", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    /** {@code {plural: secrets|integrations}} → {@code {plural}}, as OpenAPI writes templates. */
    private static String template(String path) {
        String t = path.replaceAll("\\{\\s*(\\w+)\\s*:[^}]*}", "{$1}");
        return t.isEmpty() ? "/" : t;
    }

    /** Every class of this bundle's package with a JAX-RS {@code @Path}, read from the compiled classes. */
    private static List<Class<?>> resourceClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path dir = Path.of(RestApiComponent.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve(RestApiComponent.class.getPackageName().replace('.', '/'));
        List<Class<?>> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class") && !p.toString().contains("$")).sorted().toList()) {
                String name = f.getFileName().toString().replace(".class", "");
                Class<?> c = Class.forName(RestApiComponent.class.getPackageName() + "." + name);
                if (c.isAnnotationPresent(javax.ws.rs.Path.class)) {
                    found.add(c);
                }
            }
        }
        return found;
    }
}
