package io.plugboard.core.internal.event;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.plugboard.api.resource.Kind;
import io.plugboard.api.resource.Resource;
import io.plugboard.api.resource.Scope;
import io.plugboard.core.internal.resource.References;

/** Which event sources an event goes to: those using its integration whose provider filter passes. */
final class EventMatcher {

    private EventMatcher() {
    }

    /**
     * @param sources    event sources of the integration's organization
     * @param attributes the delivery's filter-field values, from the provider's verifier
     */
    static List<Resource> matching(Resource integration, String providerId, List<Resource> sources,
                                   Map<String, List<String>> attributes) {
        return matching(integration, providerId, sources, attributes, Set.of());
    }

    /** @param caseInsensitive filter fields compared without regard to case (the provider's choice) */
    static List<Resource> matching(Resource integration, String providerId, List<Resource> sources,
                                   Map<String, List<String>> attributes, Set<String> caseInsensitive) {
        List<Resource> result = new ArrayList<>();
        for (Resource source : sources) {
            if (source.kind() == Kind.EVENT_SOURCE && uses(source, integration)
                    && passes(source, providerId, attributes, caseInsensitive)) {
                result.add(source);
            }
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    static boolean uses(Resource source, Resource integration) {
        Object ref = source.spec().get("integration");
        if (!(ref instanceof Map)) {
            return false;
        }
        Map<String, Object> integrationRef = (Map<String, Object>) ref;
        Scope scope = References.integrationScope(source.scope(), (String) integrationRef.get("domain"));
        return scope.equals(integration.scope()) && integration.name().equals(integrationRef.get("name"));
    }

    /** Every filter in the provider's block must find its value among the delivery's attribute values. */
    @SuppressWarnings("unchecked")
    static boolean passes(Resource source, String providerId, Map<String, List<String>> attributes) {
        return passes(source, providerId, attributes, Set.of());
    }

    @SuppressWarnings("unchecked")
    static boolean passes(Resource source, String providerId, Map<String, List<String>> attributes,
                          Set<String> caseInsensitive) {
        Object block = source.spec().get(providerId);
        if (!(block instanceof Map)) {
            return true; // no filter: every event of the integration
        }
        for (Map.Entry<String, Object> filter : ((Map<String, Object>) block).entrySet()) {
            List<String> values = attributes.get(filter.getKey());
            String wanted = String.valueOf(filter.getValue());
            if (values == null || !(caseInsensitive.contains(filter.getKey())
                    ? values.stream().anyMatch(wanted::equalsIgnoreCase) : values.contains(wanted))) {
                return false;
            }
        }
        return true;
    }
}
