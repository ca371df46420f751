package io.plugboard.core.internal.provisioning;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.plugboard.api.provider.ActionException;
import io.plugboard.api.provider.HookNeed;
import io.plugboard.api.provider.IntegrationContext;
import io.plugboard.api.provider.Provisioner;
import io.plugboard.api.resource.Resource;

/**
 * The hooks an integration needs: each event source's need, merged per target by union ({@code *} absorbs the rest),
 * and which event sources could not be served and why.
 */
record HookPlan(Map<String, Set<String>> targets, Map<String, String> targetOfSource, Map<String, String> sourceErrors) {

    static HookPlan of(Provisioner provisioner, IntegrationContext integration, String providerId, List<Resource> sources) {
        Map<String, Set<String>> targets = new TreeMap<>();
        Map<String, String> targetOfSource = new LinkedHashMap<>();
        Map<String, String> errors = new LinkedHashMap<>();
        for (Resource source : sources) {
            try {
                Optional<HookNeed> need = provisioner.hookFor(integration, filter(source, providerId));
                if (need.isPresent()) {
                    targets.computeIfAbsent(need.get().target(), t -> new TreeSet<>()).addAll(need.get().items());
                    targetOfSource.put(source.uid(), need.get().target());
                }
            } catch (ActionException e) {
                errors.put(source.uid(), e.getMessage());
            } catch (RuntimeException e) {
                errors.put(source.uid(), "the provider could not plan the hook: " + e);
            }
        }
        targets.replaceAll((t, items) -> items.contains(HookNeed.ALL) ? Set.of(HookNeed.ALL) : items);
        return new HookPlan(targets, targetOfSource, errors);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> filter(Resource source, String providerId) {
        Object block = source.spec().get(providerId);
        return block instanceof Map ? (Map<String, Object>) block : Map.of();
    }

    /** What the last successful run was made from: when it is unchanged, an unforced run has nothing to do. */
    String fingerprint(String webhookUrl, long generation, List<Resource> sources) {
        StringBuilder sb = new StringBuilder().append(targets).append('|').append(webhookUrl).append('|').append(generation);
        sources.forEach(s -> sb.append('|').append(s.uid()).append(':').append(s.generation()));
        return sb.toString();
    }
}
