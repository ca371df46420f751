package io.plugboard.core.internal.resource;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.plugboard.api.resource.FieldError;
import io.plugboard.api.resource.InvalidResourceException;
import io.plugboard.api.resource.Kind;
import io.plugboard.api.resource.ResourceRef;
import io.plugboard.core.internal.resource.ResourceValidator.Doc;
import io.plugboard.api.connection.ConnectionTypeRef;
import io.plugboard.api.resource.Scope;
import org.junit.Test;

public class ResourceValidatorTest {

    private final ResourceValidator validator = new ResourceValidator();
    private final TestProviders providers = TestProviders.githubAndSemaphore();

    /** The store for these tests: Secret default/semaphore {token}, Integration default/semaphore-integration. */
    private final ResourceValidator.Lookup store = new ResourceValidator.Lookup() {
        public Optional<Set<String>> secretKeys(ResourceRef ref) {
            return ref.scope().organization().equals("default") && !ref.scope().isCanvas() && ref.name().equals("semaphore")
                    ? Optional.of(Set.of("token")) : Optional.empty();
        }

        public Optional<String> integrationType(ResourceRef ref) {
            return ref.scope().organization().equals("default") && !ref.scope().isCanvas()
                    && ref.name().equals("semaphore-integration") ? Optional.of("TYPE_SEMAPHORE") : Optional.empty();
        }

        public boolean connectionExists(Scope scope, ConnectionTypeRef type, String name) {
            return scope.organization().equals("default") && type.toString().equals("github/token@1") && name.equals("mine");
        }
    };

    @Test
    public void theThreeExampleDocumentsAreValid() {
        assertEquals(List.of(), errors(Examples.SECRET + "---\n" + Examples.INTEGRATION + "---\n" + Examples.EVENT_SOURCE));
    }

    @Test
    public void shapeErrorsPointAtTheField() {
        assertEquals(List.of("kind: unknown kind 'Secrett': one of Secret, Integration, EventSource, Connection"),
                errors("kind: Secrett\nmetadata: {name: a}\nspec: {}\n"));
        assertEquals(List.of("kind: required (one of Secret, Integration, EventSource, Connection)"), errors("metadata: {name: a}\n"));
        assertEquals(List.of("spec.auth.token.valueFrom.secret.key: required"),
                errors(Examples.INTEGRATION.replace("          key: token\n", "")));
        assertEquals(List.of("metadata.name: does not match the regex pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"),
                errors(Examples.SECRET.replace("name: semaphore", "name: Semaphore_1")));
        assertEquals(List.of("spec.auth.use: does not have a value in the enumeration [\"AUTH_TYPE_NONE\", \"AUTH_TYPE_TOKEN\", \"AUTH_TYPE_OIDC\", \"AUTH_TYPE_CONNECTION\", \"AUTH_TYPE_GITHUB_APP\"]"),
                errors(Examples.INTEGRATION.replace("AUTH_TYPE_TOKEN", "AUTH_TYPE_PASSWORD")));
        assertEquals(List.of("spec.auth.token: required"),
                errors("kind: Integration\nmetadata: {name: a}\nspec: {type: TYPE_GITHUB, auth: {use: AUTH_TYPE_TOKEN}}\n"));
        assertEquals(List.of("spec.colour: unknown field"),
                errors("kind: Secret\nmetadata: {name: a}\nspec: {data: {k: v}, colour: red}\n"));
    }

    @Test
    public void openIdConnectBlocksAreChecked() {
        String oidcAuth = "kind: Integration\nmetadata: {name: a}\nspec: {type: TYPE_GITHUB, auth: {use: AUTH_TYPE_OIDC%s}}\n";
        assertEquals(List.of("spec.auth.oidc: required"), errors(String.format(oidcAuth, "")));
        assertEquals(List.of("spec.auth.oidc.audience: required"), errors(String.format(oidcAuth, ", oidc: {}")));
        assertEquals(List.of(), errors(String.format(oidcAuth, ", oidc: {audience: sts.amazonaws.com, lifetimeSeconds: 300, "
                + "claims: {team: platform}}")));
        assertEquals(1, errors(String.format(oidcAuth, ", oidc: {audience: x, claims: {sub: mine}}")).size());
        assertEquals(1, errors(String.format(oidcAuth, ", oidc: {audience: x, lifetimeSeconds: 3600}")).size());
        assertEquals(1, errors(String.format(oidcAuth, ", oidc: {audience: x, roleArn: 'arn:aws:iam::12:role/x'}")).size());

        String inbound = "kind: Integration\nmetadata: {name: a}\nspec: {type: TYPE_SEMAPHORE%s, oidc: {enabled: true%s}}\n";
        assertEquals("Semaphore's issuer is the organization's URL", List.of(),
                errors(String.format(inbound, ", url: 'https://acme.semaphoreci.com'", "")));
        assertEquals(List.of("spec.oidc.issuer: required: the semaphore provider names no CI issuer whose ID tokens it "
                + "could trust by default"), errors(String.format(inbound, "", "")));
        assertEquals(List.of(), errors(String.format(inbound, "", ", issuer: 'https://ci.example.com', audience: plugboard, "
                + "claims: {repo: 'web', branch: ['main', 'release/*']}")));
        assertEquals(1, errors(String.format(inbound, "", ", issuer: 'not a url'")).size());
    }

    @Test
    public void referencesAreChecked() {
        assertEquals(List.of("spec.type: no provider 'gitlab' is installed (installed: github, semaphore)"),
                errors(Examples.INTEGRATION.replace("TYPE_SEMAPHORE", "TYPE_GITLAB")));
        assertEquals(List.of("spec.auth.token.valueFrom.secret.name: no Secret 'nope' in organization 'default'"),
                errors(Examples.INTEGRATION.replace("name: semaphore\n", "name: nope\n")));
        assertEquals(List.of("spec.auth.token.valueFrom.secret.key: Secret 'semaphore' has no key 'password' (keys: token)"),
                errors(Examples.INTEGRATION.replace("key: token", "key: password")));
        assertEquals(List.of("spec.github: filter block 'github' does not match the integration's provider: Integration "
                        + "'semaphore-integration' is TYPE_SEMAPHORE, so the block is 'semaphore'"),
                errors(Examples.EVENT_SOURCE.replace("semaphore:\n    project", "github:\n    project")));
        assertEquals(List.of("spec.semaphore.repository: unknown filter field: provider 'semaphore' declares project, branch, pipeline"),
                errors(Examples.EVENT_SOURCE.replace("project:", "repository:")));
        assertEquals(List.of("spec.integration.name: no Integration 'semaphore-integration' in canvas "
                        + "'a1787a2e-dba7-42d0-8431-31dbf0252b92' of organization 'default'"),
                errors(Examples.EVENT_SOURCE.replace("ORGANIZATION", "CANVAS")));
    }

    @Test
    public void aSecretInTheSameInputCounts() {
        String secret = Examples.SECRET.replace("name: semaphore", "name: other").replace("token: s3cr3t", "api: x");
        assertEquals(List.of(), errors(secret + "---\n" + Examples.INTEGRATION.replace("name: semaphore\n", "name: other\n")
                .replace("key: token", "key: api")));
    }

    private List<String> errors(String yaml) {
        List<FieldError> errors = new ArrayList<>();
        try {
            List<Doc> docs = validator.shape(ResourceDocuments.parse(yaml), errors);
            if (errors.isEmpty()) {
                ResourceValidator.Lookup batchFirst = new ResourceValidator.Lookup() {
                    @SuppressWarnings("unchecked")
                    public Optional<Set<String>> secretKeys(ResourceRef ref) {
                        return docs.stream().filter(d -> d.ref().equals(ref)).findFirst()
                                .map(d -> ((Map<String, Object>) d.spec().get("data")).keySet())
                                .or(() -> store.secretKeys(ref));
                    }

                    public Optional<String> integrationType(ResourceRef ref) {
                        return docs.stream().filter(d -> d.ref().equals(ref) && d.kind() == Kind.INTEGRATION).findFirst()
                                .map(d -> (String) d.spec().get("type")).or(() -> store.integrationType(ref));
                    }

                    public boolean connectionExists(Scope scope, ConnectionTypeRef type, String name) {
                        return store.connectionExists(scope, type, name);
                    }
                };
                validator.references(docs, batchFirst, providers, errors);
            }
        } catch (InvalidResourceException e) {
            errors.addAll(e.errors());
        }
        return errors.stream().map(FieldError::toString).toList();
    }
}
