package io.plugboard.connections.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.plugboard.api.provider.AuthMode;
import io.plugboard.api.provider.EventType;
import io.plugboard.api.provider.Provider;

/**
 * Reads {@code provider.yaml}, the descriptor of a data-only provider bundle:
 * <pre>
 * id: pagerduty                # required, [a-z0-9]+
 * name: PagerDuty              # required
 * description: ...             # optional
 * icon: https://...            # optional, https: or data: URL
 * authModes: [TOKEN]           # optional, NONE / TOKEN / OAUTH2 / OIDC (any case); default [TOKEN]
 * eventTypes:                  # optional
 *   - {name: incident.triggered, description: ...}
 * filterFields: [service]      # optional
 * </pre>
 * Unknown fields are an error.
 */
public final class ProviderDescriptorReader {

    /** Where the descriptor is in a bundle. */
    public static final String FILE = "provider.yaml";

    private static final List<String> FIELDS = List.of("id", "name", "description", "icon", "authModes",
            "eventTypes", "filterFields");
    private static final List<String> EVENT_TYPE_FIELDS = List.of("name", "description");

    /** {@code provider.yaml} is not valid; the message names every problem (field: reason). */
    public static final class InvalidDescriptorException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidDescriptorException(String message) {
            super(message);
        }
    }

    private ProviderDescriptorReader() {
    }

    /** The provider described by {@code bytes}. */
    @SuppressWarnings("unchecked")
    public static DataProvider read(byte[] bytes) throws InvalidDescriptorException {
        Map<String, Object> doc;
        try {
            doc = DocumentReader.yamlObject(bytes);
        } catch (DocumentReader.SyntaxException e) {
            throw new InvalidDescriptorException(e.getMessage());
        }
        FileProblems problems = new FileProblems();
        problems.unknownKeys(doc, "", FIELDS);
        String id = problems.requiredString(doc, "", "id");
        if (id != null && !Provider.isValidId(id)) {
            problems.add("id", "'" + id + "' is not a valid provider id (lower-case letters and digits)");
        }
        String name = problems.requiredString(doc, "", "name");
        String description = problems.optionalString(doc, "", "description");
        String icon = problems.optionalString(doc, "", "icon");
        if (icon != null && !(icon.startsWith("https:") || icon.startsWith("data:"))) {
            problems.add("icon", "must be an https: or data: URL");
        }

        Set<AuthMode> authModes = EnumSet.of(AuthMode.TOKEN);
        List<Object> modes = problems.list(doc, "", "authModes", false);
        if (modes != null) {
            authModes = EnumSet.noneOf(AuthMode.class);
            if (modes.isEmpty()) {
                problems.add("authModes", "must not be empty (leave it out for [TOKEN])");
            }
            String allowed = Arrays.stream(AuthMode.values()).map(Enum::name).collect(Collectors.joining(", "));
            for (int i = 0; i < modes.size(); i++) {
                Object mode = modes.get(i);
                AuthMode parsed = null;
                if (mode instanceof String text) {
                    try {
                        parsed = AuthMode.valueOf(text.trim().toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        // reported below
                    }
                }
                if (parsed == null) {
                    problems.add("authModes[" + i + "]", "'" + mode + "' is not one of " + allowed);
                } else {
                    authModes.add(parsed);
                }
            }
        }

        List<EventType> eventTypes = new ArrayList<>();
        List<Object> events = problems.list(doc, "", "eventTypes", false);
        if (events != null) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < events.size(); i++) {
                String field = "eventTypes[" + i + "]";
                if (!(events.get(i) instanceof Map)) {
                    problems.add(field, "must be an object with name and description, not "
                            + DocumentReader.typeName(events.get(i)));
                    continue;
                }
                Map<String, Object> event = (Map<String, Object>) events.get(i);
                problems.unknownKeys(event, field, EVENT_TYPE_FIELDS);
                String eventName = problems.requiredString(event, field, "name");
                String eventDescription = problems.optionalString(event, field, "description");
                if (eventName != null && !seen.add(eventName)) {
                    problems.add(field + ".name", "'" + eventName + "' is listed twice");
                } else if (eventName != null) {
                    eventTypes.add(EventType.of(eventName, eventDescription));
                }
            }
        }

        Set<String> filterFields = new LinkedHashSet<>();
        List<Object> filters = problems.list(doc, "", "filterFields", false);
        if (filters != null) {
            for (int i = 0; i < filters.size(); i++) {
                Object filter = filters.get(i);
                if (!(filter instanceof String text) || text.isBlank()) {
                    problems.add("filterFields[" + i + "]", "must be a non-blank string");
                } else if (!filterFields.add(text)) {
                    problems.add("filterFields[" + i + "]", "'" + text + "' is listed twice");
                }
            }
        }

        if (!problems.isEmpty()) {
            throw new InvalidDescriptorException(problems.joined());
        }
        return new DataProvider(id, name, description, icon, authModes, eventTypes, List.copyOf(filterFields));
    }
}
