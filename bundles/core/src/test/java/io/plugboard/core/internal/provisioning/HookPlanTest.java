package io.plugboard.core.internal.provisioning;

import static org.junit.Assert.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.plugboard.api.outbound.ApiClient;
import io.plugboard.api.provider.ActionException;
import io.plugboard.api.provider.HookNeed;
import io.plugboard.api.provider.HookSpec;
import io.plugboard.api.provider.IntegrationContext;
import io.plugboard.api.provider.Provisioner;
import io.plugboard.api.resource.Kind;
import io.plugboard.api.resource.Resource;
import io.plugboard.api.resource.ResourceRef;
import io.plugboard.api.resource.Scope;
import org.junit.Test;

public class HookPlanTest {

    /** A hook per {@code repo}, for the {@code event} filtered; a repo named "bad" cannot be served. */
    private final Provisioner provisioner = new Provisioner() {
        public Optional<HookNeed> hookFor(IntegrationContext integration, Map<String, Object> filter) throws ActionException {
            Object repo = filter.get("repo");
            if ("bad".equals(repo)) {
                throw new ActionException("'bad' is not a repository");
            }
            return repo == null ? Optional.empty()
                    : Optional.of(new HookNeed("repos/" + repo, Set.of(String.valueOf(filter.getOrDefault("event", "*")))));
        }

        public String ensure(ApiClient api, HookSpec hook) {
            throw new UnsupportedOperationException();
        }

        public void delete(ApiClient api, String target, String hookId) {
            throw new UnsupportedOperationException();
        }
    };

    @Test
    public void needsOnOneTargetAreMergedAndAllAbsorbsTheRest() {
        HookPlan plan = HookPlan.of(provisioner, null, "acme", List.of(
                source("a", Map.of("repo", "one", "event", "push")),
                source("b", Map.of("repo", "one", "event", "release")),
                source("c", Map.of("repo", "two", "event", "push")),
                source("d", Map.of("repo", "two")),
                source("e", Map.of()),
                source("f", Map.of("repo", "bad"))));
        assertEquals(Map.of("repos/one", Set.of("push", "release"), "repos/two", Set.of("*")), plan.targets());
        assertEquals("repos/one", plan.targetOfSource().get("uid-a"));
        assertEquals("no hook for a source that names no repository", null, plan.targetOfSource().get("uid-e"));
        assertEquals(Map.of("uid-f", "'bad' is not a repository"), plan.sourceErrors());
    }

    @Test
    public void theFingerprintChangesWithAnEventSourceOrTheUrl() {
        List<Resource> sources = List.of(source("a", Map.of("repo", "one")));
        HookPlan plan = HookPlan.of(provisioner, null, "acme", sources);
        String before = plan.fingerprint("https://pb/h", 1, sources);
        assertEquals(before, plan.fingerprint("https://pb/h", 1, sources));
        org.junit.Assert.assertNotEquals(before, plan.fingerprint("https://pb/other", 1, sources));
        org.junit.Assert.assertNotEquals(before, plan.fingerprint("https://pb/h", 2, sources));
    }

    private static Resource source(String name, Map<String, Object> filter) {
        return new Resource(new ResourceRef(Kind.EVENT_SOURCE, Scope.organization("default"), name), "uid-" + name, 1,
                Instant.EPOCH, Instant.EPOCH, Map.of("acme", filter), Map.of());
    }
}
