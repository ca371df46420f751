package io.plugboard.core.internal.event;

import static org.junit.Assert.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.plugboard.api.resource.Kind;
import io.plugboard.api.resource.Resource;
import io.plugboard.api.resource.ResourceRef;
import io.plugboard.api.resource.Scope;
import org.junit.Test;

public class EventMatcherTest {

    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    private final Resource integration = new Resource(new ResourceRef(Kind.INTEGRATION, Scope.organization("default"),
            "gh"), "int-1", 1, T0, T0, Map.of(), Map.of());

    private Resource source(String name, Map<String, Object> github) {
        return new Resource(new ResourceRef(Kind.EVENT_SOURCE, Scope.organization("default"), name), "es-" + name, 1, T0,
                T0, Map.of("integration", Map.of("name", "gh"), "github", github), Map.of());
    }

    @Test
    public void caseInsensitiveFieldsMatchWhateverTheCaseAndOthersStayExact() {
        Map<String, List<String>> delivery = Map.of("repository", List.of("Codertocat/Hello-World", "Hello-World"),
                "organization", List.of("Codertocat"), "branch", List.of("Main"));
        List<Resource> sources = List.of(source("lower", Map.of("repository", "codertocat/hello-world")),
                source("org", Map.of("organization", "CODERTOCAT")),
                source("branch-lower", Map.of("branch", "main")),
                source("other", Map.of("repository", "codertocat/other")));
        Set<String> ci = Set.of("repository", "organization");
        assertEquals(List.of("lower", "org"), EventMatcher.matching(integration, "github", sources, delivery, ci)
                .stream().map(Resource::name).toList());
        assertEquals("without the provider's word, exact as before", List.of(),
                EventMatcher.matching(integration, "github", sources, delivery).stream().map(Resource::name).toList());
    }
}
