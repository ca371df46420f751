package io.plugboard.extender.internal;

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
import io.plugboard.api.provider.OAuthServerSpec;
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
 * oauthServers:                # optional: OAuth servers connection types may name by short name
 *   - shortName: google        # required, [a-z0-9]+
 *     issuerURL: https://accounts.google.com
 *     discovery: true          # endpoints from OpenID Connect discovery (else authCodeURL and tokenURL)
 *     authCodeURL / tokenURL / revocationURL / userinfoURL / jwksURL: https://...
 *     revocation: RFC7009      # RFC7009 (default), APPLICATION_TOKEN_API or NONE
 *     tokenAuthMethod: CLIENT_SECRET_BASIC   # default; or CLIENT_SECRET_POST
 *     authorizeParameters: {access_type: offline}
 * </pre>
 * Unknown fields are an error.
 */
public final class ProviderDescriptorReader {

    /** Where the descriptor is in a bundle. */
    public static final String FILE = "provider.yaml";

    private static final List<String> FIELDS = List.of("id", "name", "description", "icon", "authModes",
            "eventTypes", "filterFields", "oauthServers");
    private static final List<String> SERVER_FIELDS;

    static {
        List<String> fields = new ArrayList<>(List.of("shortName", "discovery", "revocation", "tokenAuthMethod",
                "authorizeParameters"));
        fields.addAll(OAuthServerSpec.KEYS);
        SERVER_FIELDS = List.copyOf(fields);
    }
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

        List<OAuthServerSpec> servers = oauthServers(problems, problems.list(doc, "", "oauthServers", false));

        if (!problems.isEmpty()) {
            throw new InvalidDescriptorException(problems.joined());
        }
        return new DataProvider(id, name, description, icon, authModes, eventTypes, List.copyOf(filterFields), servers);
    }

    @SuppressWarnings("unchecked")
    private static List<OAuthServerSpec> oauthServers(FileProblems problems, List<Object> entries) {
        List<OAuthServerSpec> servers = new ArrayList<>();
        if (entries == null) {
            return servers;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            String field = "oauthServers[" + i + "]";
            if (!(entries.get(i) instanceof Map)) {
                problems.add(field, "must be an object with shortName and URLs, not " + DocumentReader.typeName(entries.get(i)));
                continue;
            }
            Map<String, Object> entry = (Map<String, Object>) entries.get(i);
            problems.unknownKeys(entry, field, SERVER_FIELDS);
            String shortName = problems.requiredString(entry, field, "shortName");
            Map<String, String> urls = new java.util.LinkedHashMap<>();
            for (String key : OAuthServerSpec.KEYS) {
                String url = problems.optionalString(entry, field, key);
                if (url != null) {
                    if (!url.startsWith("https://") && !url.matches("http://(localhost|127\\.0\\.0\\.1)([:/].*)?")) {
                        problems.add(field + "." + key, "must be an https URL (http for localhost only)");
                    }
                    urls.put(key, url);
                }
            }
            Object discovery = entry.getOrDefault("discovery", false);
            if (!(discovery instanceof Boolean)) {
                problems.add(field + ".discovery", "must be true or false");
                discovery = false;
            }
            OAuthServerSpec.Revocation revocation = constant(problems, entry, field, "revocation",
                    OAuthServerSpec.Revocation.class);
            OAuthServerSpec.TokenAuthMethod method = constant(problems, entry, field, "tokenAuthMethod",
                    OAuthServerSpec.TokenAuthMethod.class);
            Map<String, String> parameters = new java.util.LinkedHashMap<>();
            Object extra = entry.get("authorizeParameters");
            if (extra instanceof Map<?, ?> map) {
                map.forEach((k, v) -> parameters.put(String.valueOf(k), String.valueOf(v)));
            } else if (extra != null) {
                problems.add(field + ".authorizeParameters", "must be an object of names to values");
            }
            if (shortName == null) {
                continue;
            }
            if (!seen.add(shortName)) {
                problems.add(field + ".shortName", "'" + shortName + "' is listed twice");
                continue;
            }
            try {
                servers.add(new OAuthServerSpec(shortName, urls, (Boolean) discovery, revocation, parameters, method));
            } catch (IllegalArgumentException e) {
                problems.add(field, e.getMessage());
            }
        }
        return servers;
    }

    private static <E extends Enum<E>> E constant(FileProblems problems, Map<String, Object> entry, String field, String key,
                                                  Class<E> type) {
        Object value = entry.get(key);
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, String.valueOf(value).trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(field + "." + key, "'" + value + "' is not one of "
                    + Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", ")));
            return null;
        }
    }
}
