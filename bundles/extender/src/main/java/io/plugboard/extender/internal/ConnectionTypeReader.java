package io.plugboard.extender.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.plugboard.api.connection.ConnectionSource;
import io.plugboard.api.connection.ConnectionType;
import io.plugboard.api.connection.ConnectionTypeRef;
import io.plugboard.api.connection.InvalidConnectionType;
import io.plugboard.api.connection.Probe;
import io.plugboard.api.connection.SourceKind;

/**
 * Reads and validates the connection types in the {@code connections/} folder of one provider bundle:
 * {@code connections/<name>[@<version>]/connection.yaml} (schema files next to it) and
 * {@code connections/<name>[@<version>].yaml}. Every file is validated on its own: an invalid one is returned with its
 * reasons and does not affect the others. No OSGi: the bundle is seen through an {@link EntrySource}.
 */
public final class ConnectionTypeReader {

    static final String FOLDER = "connections/";
    static final String FILE = "connection.yaml";
    static final String API_VERSION = "integration/v1";
    static final String KIND = "Connection";
    static final String SOURCE_API_VERSION = "connection-source/v1";

    private static final List<String> FIELDS = List.of("apiVersion", "kind", "name", "version", "summary",
            "description", "schemas", "providers", "probe");
    private static final List<String> SCHEMA_FIELDS = List.of("storage", "displayOnce");
    private static final List<String> SOURCE_FIELDS = List.of("name", "summary", "description", "source");
    private static final List<String> PROBE_FIELDS = List.of("url", "headers", "userInfoMapping");
    private static final List<String> FILE_REF_FIELDS = List.of("source", "file");
    private static final Pattern FILE_NAME = Pattern.compile("([^@]*)(?:@([^@]*))?");
    private static final Pattern VERSION = Pattern.compile("[1-9][0-9]{0,8}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern INPUT_PLACEHOLDER = Pattern.compile("input\\.([A-Za-z_][A-Za-z0-9_-]*)");
    /** RFC 9110 token: what a header name is made of. */
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Set<String> COMPOSITION = Set.of("$ref", "allOf", "anyOf", "oneOf", "if", "dependencies",
            "patternProperties", "additionalProperties");
    private static final String NAME_RULE = "lower-case letters, digits and '-', at most 63, starting and ending with "
            + "a letter or digit";

    private static final SchemaChecker SCHEMAS = new SchemaChecker();

    /** What was read: the valid types and the rejected files, each sorted. */
    public record Result(List<ConnectionType> types, List<InvalidConnectionType> invalid) {
        public Result {
            types = List.copyOf(types);
            invalid = List.copyOf(invalid);
        }
    }

    private final String provider;
    private final String bundleName;
    private final EntrySource entries;

    /**
     * @param provider   the provider id the types belong to ({@code <provider>/<name>@<version>})
     * @param bundleName the bundle's symbolic name, for {@link ConnectionType#origin()}
     * @param entries    the bundle's files
     */
    public ConnectionTypeReader(String provider, String bundleName, EntrySource entries) {
        this.provider = provider;
        this.bundleName = bundleName;
        this.entries = entries;
    }

    /** Reads every connection type of the bundle; a bundle without {@code connections/} has none. */
    public Result read() {
        List<String> children;
        try {
            children = new ArrayList<>(entries.list(FOLDER));
        } catch (IOException | RuntimeException e) {
            return new Result(List.of(), List.of(new InvalidConnectionType(provider, FOLDER,
                    "cannot list the folder: " + e.getMessage())));
        }
        children.sort(Comparator.naturalOrder());
        List<ConnectionType> types = new ArrayList<>();
        List<InvalidConnectionType> invalid = new ArrayList<>();
        for (String child : children) {
            String name = child.substring(FOLDER.length());
            if (child.endsWith("/")) {
                readDirectory(name.substring(0, name.length() - 1), types, invalid);
            } else if (!name.contains("/") && name.endsWith(".yaml")) {
                readFile(FOLDER + name, name.substring(0, name.length() - ".yaml".length()), FOLDER, name, types,
                        invalid);
            } else if (!name.contains("/") && name.endsWith(".yml")) {
                invalid.add(new InvalidConnectionType(provider, child,
                        "file name: a connection file ends with .yaml, not .yml"));
            }
            // other files (shared schemas, READMEs) are not connection types
        }
        rejectDuplicates(types, invalid);
        types.sort(Comparator.comparing(ConnectionType::ref));
        invalid.sort(Comparator.comparing(InvalidConnectionType::file));
        return new Result(types, invalid);
    }

    private void readDirectory(String dir, List<ConnectionType> types, List<InvalidConnectionType> invalid) {
        String base = FOLDER + dir + "/";
        String file = base + FILE;
        byte[] bytes;
        try {
            bytes = entries.read(file);
        } catch (IOException | RuntimeException e) {
            invalid.add(new InvalidConnectionType(provider, file, "cannot read the file: " + e.getMessage()));
            return;
        }
        if (bytes == null) {
            // a folder of shared files is fine; one that holds YAML but no connection.yaml is probably a mistake
            List<String> yaml = new ArrayList<>();
            try {
                for (String path : entries.list(base)) {
                    if (path.endsWith(".yaml") || path.endsWith(".yml")) {
                        yaml.add(path.substring(base.length()));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // nothing to add
            }
            if (!yaml.isEmpty()) {
                invalid.add(new InvalidConnectionType(provider, file, "file: missing (the folder " + base
                        + " holds " + String.join(", ", yaml) + ", but a connection is read from " + FILE + ")"));
            }
            return;
        }
        read(file, bytes, dir, base, "the directory name " + dir, types, invalid);
    }

    private void readFile(String file, String stem, String base, String fileName, List<ConnectionType> types,
                          List<InvalidConnectionType> invalid) {
        byte[] bytes;
        try {
            bytes = entries.read(file);
        } catch (IOException | RuntimeException e) {
            invalid.add(new InvalidConnectionType(provider, file, "cannot read the file: " + e.getMessage()));
            return;
        }
        if (bytes == null) {
            return;
        }
        read(file, bytes, stem, base, "the file name " + fileName, types, invalid);
    }

    /**
     * @param stem   the file or directory name without {@code .yaml}: {@code <name>} or {@code <name>@<version>}
     * @param base   the folder schema files are relative to
     * @param origin how the stem is named in messages
     */
    private void read(String file, byte[] bytes, String stem, String base, String origin, List<ConnectionType> types,
                      List<InvalidConnectionType> invalid) {
        FileProblems problems = new FileProblems();
        ConnectionType type = null;
        Matcher m = FILE_NAME.matcher(stem);
        if (!m.matches() || (m.group(2) != null && !VERSION.matcher(m.group(2)).matches())) {
            problems.add("file name", "'" + stem + "' is not <name> or <name>@<version> (version 1 or more)");
        } else {
            try {
                type = parse(file, DocumentReader.yamlObject(bytes), m.group(1),
                        m.group(2) == null ? null : Integer.valueOf(m.group(2)), base, origin, problems);
            } catch (DocumentReader.SyntaxException e) {
                problems.add("", e.getMessage());
            }
        }
        if (problems.isEmpty() && type != null) {
            types.add(type);
        } else {
            invalid.add(new InvalidConnectionType(provider, file, problems.joined()));
        }
    }

    /** Two files of this bundle that define the same name and version are both rejected. */
    private void rejectDuplicates(List<ConnectionType> types, List<InvalidConnectionType> invalid) {
        Map<ConnectionTypeRef, List<ConnectionType>> byRef = new TreeMap<>();
        for (ConnectionType type : types) {
            byRef.computeIfAbsent(type.ref(), r -> new ArrayList<>()).add(type);
        }
        for (List<ConnectionType> same : byRef.values()) {
            if (same.size() < 2) {
                continue;
            }
            for (ConnectionType type : same) {
                List<String> others = new ArrayList<>();
                for (ConnectionType other : same) {
                    if (other != type) {
                        others.add(file(other));
                    }
                }
                invalid.add(new InvalidConnectionType(provider, file(type), "name: " + type.ref().name() + "@"
                        + type.ref().version() + " is defined more than once in the bundle (also in "
                        + String.join(", ", others) + ")"));
                types.remove(type);
            }
        }
    }

    private String file(ConnectionType type) {
        return type.origin().substring(bundleName.length() + 1);
    }

    // ---- one file ---------------------------------------------------------------------------------

    private ConnectionType parse(String file, Map<String, Object> doc, String fileStem, Integer fileVersion,
                                 String base, String origin, FileProblems problems) {
        problems.unknownKeys(doc, "", FIELDS);
        expectConstant(doc, "apiVersion", API_VERSION, problems);
        expectConstant(doc, "kind", KIND, problems);

        String name = problems.requiredString(doc, "", "name");
        if (name != null) {
            if (!name.equals(fileStem)) {
                problems.add("name", "'" + name + "' does not match " + origin);
            } else if (!ConnectionTypeRef.NAME_PATTERN.matcher(name).matches()) {
                problems.add("name", "'" + name + "' is not a valid name (" + NAME_RULE + ")");
            }
        }
        Integer version = version(doc.get("version"), problems);
        if (version != null && fileVersion != null && !version.equals(fileVersion)) {
            problems.add("version", version + " does not match " + origin);
        }
        String summary = problems.requiredString(doc, "", "summary");
        String description = problems.optionalString(doc, "", "description");

        Map<String, Object> storage = null;
        Map<String, Object> displayOnce = null;
        Map<String, Object> schemas = problems.map(doc, "", "schemas", true);
        if (schemas != null) {
            problems.unknownKeys(schemas, "schemas", SCHEMA_FIELDS);
            if (schemas.get("storage") == null) {
                problems.add("schemas.storage", "required");
            } else {
                storage = schema(schemas.get("storage"), "schemas.storage", base, problems);
                if (storage != null && !"object".equals(storage.get("type"))) {
                    problems.add("schemas.storage.type", "must be object (the stored value is a JSON object), not "
                            + (storage.get("type") == null ? "missing" : storage.get("type")));
                    storage = null;
                }
            }
            if (schemas.get("displayOnce") != null) {
                displayOnce = schema(schemas.get("displayOnce"), "schemas.displayOnce", base, problems);
            }
        }

        List<ConnectionSource> sources = sources(doc, problems);
        Probe probe = doc.get("probe") == null ? null : probe(doc, storage, problems);

        if (!problems.isEmpty()) {
            return null;
        }
        return new ConnectionType(new ConnectionTypeRef(provider, name, version), summary, description, storage,
                displayOnce, sources, probe, bundleName + ":" + file);
    }

    private static void expectConstant(Map<String, Object> doc, String key, String expected, FileProblems problems) {
        Object value = doc.get(key);
        if (value == null) {
            problems.add(key, "required (" + expected + ")");
        } else if (!expected.equals(value)) {
            problems.add(key, "'" + value + "' is not supported: expected " + expected);
        }
    }

    private static Integer version(Object value, FileProblems problems) {
        if (value == null) {
            problems.add("version", "required (an integer, 1 or more)");
            return null;
        }
        if (!(value instanceof Integer || value instanceof Long || value instanceof java.math.BigInteger)) {
            problems.add("version", "must be an integer, 1 or more, not " + DocumentReader.typeName(value)
                    + (value instanceof String ? " ('" + value + "')" : " (" + value + ")"));
            return null;
        }
        long number = ((Number) value).longValue();
        if (value instanceof java.math.BigInteger || number < 1 || number > 999_999_999) {
            problems.add("version", value + " is out of range: an integer from 1 to 999999999");
            return null;
        }
        return (int) number;
    }

    // ---- schemas ----------------------------------------------------------------------------------

    /** An inline schema or {@code {source: file, file: <path>}}; {@code null} (with problems) when unusable. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> schema(Object value, String field, String base, FileProblems problems) {
        if (!(value instanceof Map)) {
            problems.add(field, "must be a JSON Schema object or {source: file, file: <path>}, not "
                    + DocumentReader.typeName(value));
            return null;
        }
        Map<String, Object> map = (Map<String, Object>) value;
        JsonNode node;
        if (map.containsKey("source")) {
            int before = problems.all().size();
            problems.unknownKeys(map, field, FILE_REF_FIELDS);
            if (!"file".equals(map.get("source"))) {
                problems.add(field + ".source", "'" + map.get("source") + "' is not supported: expected file "
                        + "(or write the schema inline)");
            }
            String path = problems.requiredString(map, field, "file");
            if (problems.all().size() > before || path == null) {
                return null;
            }
            String resolved = resolve(base, path);
            if (resolved == null) {
                problems.add(field + ".file", "'" + path + "' must be a relative path inside " + FOLDER);
                return null;
            }
            byte[] bytes;
            try {
                bytes = entries.read(resolved);
            } catch (IOException | RuntimeException e) {
                problems.add(field + ".file", "cannot read " + resolved + ": " + e.getMessage());
                return null;
            }
            if (bytes == null) {
                problems.add(field + ".file", resolved + " does not exist in the bundle");
                return null;
            }
            try {
                node = DocumentReader.jsonObject(bytes);
            } catch (DocumentReader.SyntaxException e) {
                problems.add(field + ".file", resolved + " is " + e.getMessage());
                return null;
            }
        } else {
            node = DocumentReader.tree(map);
        }
        List<String> schemaProblems = SCHEMAS.problems(node);
        if (!schemaProblems.isEmpty()) {
            schemaProblems.forEach(p -> problems.add(field, p));
            return null;
        }
        return DocumentReader.map(node);
    }

    /** {@code path} relative to {@code base}, normalized; {@code null} when absolute or outside {@code connections/}. */
    static String resolve(String base, String path) {
        if (path.startsWith("/") || path.contains("\\") || path.contains(":")) {
            return null;
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : (base + path).split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (segments.isEmpty()) {
                    return null;
                }
                segments.removeLast();
            } else {
                segments.addLast(segment);
            }
        }
        String resolved = String.join("/", segments);
        return resolved.startsWith(FOLDER) && resolved.length() > FOLDER.length() && !path.endsWith("/")
                ? resolved : null;
    }

    // ---- providers (sources) ----------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private static List<ConnectionSource> sources(Map<String, Object> doc, FileProblems problems) {
        List<Object> list = problems.list(doc, "", "providers", true);
        if (list == null) {
            return List.of();
        }
        if (list.isEmpty()) {
            problems.add("providers", "must list at least one source");
            return List.of();
        }
        List<ConnectionSource> sources = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String field = "providers[" + i + "]";
            if (!(list.get(i) instanceof Map)) {
                problems.add(field, "must be an object with name and source, not " + DocumentReader.typeName(list.get(i)));
                continue;
            }
            Map<String, Object> entry = (Map<String, Object>) list.get(i);
            problems.unknownKeys(entry, field, SOURCE_FIELDS);
            String name = problems.requiredString(entry, field, "name");
            if (name != null) {
                if (!ConnectionTypeRef.NAME_PATTERN.matcher(name).matches()) {
                    problems.add(field + ".name", "'" + name + "' is not a valid name (" + NAME_RULE + ")");
                } else if (!names.add(name)) {
                    problems.add(field + ".name", "'" + name + "' is used by another entry of providers");
                }
            }
            String summary = problems.optionalString(entry, field, "summary");
            String description = problems.optionalString(entry, field, "description");
            Map<String, Object> source = problems.map(entry, field, "source", true);
            SourceKind kind = null;
            if (source != null) {
                String sourceField = field + ".source";
                Object apiVersion = source.get("apiVersion");
                if (apiVersion == null) {
                    problems.add(sourceField + ".apiVersion", "required (" + SOURCE_API_VERSION + ")");
                } else if (!SOURCE_API_VERSION.equals(apiVersion)) {
                    problems.add(sourceField + ".apiVersion", "'" + apiVersion + "' is not supported: expected "
                            + SOURCE_API_VERSION);
                }
                Object kindName = source.get("kind");
                if (kindName == null) {
                    problems.add(sourceField + ".kind", "required (Form or OAuth2)");
                } else {
                    kind = kindName instanceof String text ? SourceKind.byName(text) : null;
                    if (kind == null) {
                        problems.add(sourceField + ".kind", "'" + kindName + "' is not one of Form, OAuth2");
                    }
                }
            }
            if (name != null && kind != null) {
                sources.add(new ConnectionSource(name, summary, description, kind,
                        (Map<String, Object>) DocumentReader.freeze(source)));
            }
        }
        return sources;
    }

    // ---- probe ------------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private static Probe probe(Map<String, Object> doc, Map<String, Object> storage, FileProblems problems) {
        Map<String, Object> probe = problems.map(doc, "", "probe", false);
        if (probe == null) {
            return null;
        }
        problems.unknownKeys(probe, "probe", PROBE_FIELDS);
        Set<String> fields = inputFields(storage);

        String url = problems.requiredString(probe, "probe", "url");
        if (url != null) {
            checkUrl(url, fields, problems);
        }

        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, Object> headerMap = problems.map(probe, "probe", "headers", false);
        if (headerMap != null) {
            headerMap.forEach((name, value) -> {
                String field = "probe.headers." + name;
                if (!HEADER_NAME.matcher(name).matches()) {
                    problems.add(field, "'" + name + "' is not a valid header name");
                } else if (!(value instanceof String text)) {
                    problems.add(field, "must be a string, not " + DocumentReader.typeName(value));
                } else if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
                    problems.add(field, "must be one line");
                } else {
                    checkPlaceholders(text, field, fields, problems);
                    headers.put(name, text);
                }
            });
        }

        Map<String, String> mapping = new LinkedHashMap<>();
        Map<String, Object> mappingMap = problems.map(probe, "probe", "userInfoMapping", false);
        if (mappingMap != null) {
            XPathFactory xpath = XPathFactory.newDefaultInstance();
            mappingMap.forEach((claim, value) -> {
                String field = "probe.userInfoMapping." + claim;
                if (claim.isBlank()) {
                    problems.add("probe.userInfoMapping", "a claim name must not be blank");
                } else if (!(value instanceof String expression) || expression.isBlank()) {
                    problems.add(field, "must be a JSON Pointer (/a/b) or an XPath expression, not "
                            + (value instanceof String ? "blank" : DocumentReader.typeName(value)));
                } else if (expression.startsWith("/")) {
                    String error = jsonPointerError(expression);
                    if (error == null) {
                        mapping.put(claim, expression);
                    } else {
                        problems.add(field, "'" + expression + "' is not a valid JSON Pointer: " + error);
                    }
                } else {
                    try {
                        xpath.newXPath().compile(expression);
                        mapping.put(claim, expression);
                    } catch (XPathExpressionException e) {
                        String reason = e.getMessage() != null ? e.getMessage()
                                : e.getCause() != null ? e.getCause().getMessage() : "syntax error";
                        problems.add(field, "'" + expression + "' is neither a JSON Pointer (they start with /) "
                                + "nor a valid XPath expression: " + reason);
                    }
                }
            });
        }
        return url == null ? null : new Probe(url, headers, mapping);
    }

    /**
     * Why {@code pointer} is not an RFC 6901 JSON Pointer, or {@code null}. Jackson's {@link JsonPointer#compile}
     * checks the leading {@code /} but keeps a {@code ~} that is not {@code ~0} or {@code ~1} as it is; RFC 6901 does not.
     */
    static String jsonPointerError(String pointer) {
        try {
            JsonPointer.compile(pointer);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        for (int i = 0; i < pointer.length(); i++) {
            if (pointer.charAt(i) == '~') {
                char next = i + 1 < pointer.length() ? pointer.charAt(i + 1) : ' ';
                if (next != '0' && next != '1') {
                    return "'~' must be followed by 0 (for ~) or 1 (for /), at character " + (i + 1);
                }
            }
        }
        return null;
    }

    /** The property names of a storage schema, or {@code null} when they cannot be known for sure. */
    @SuppressWarnings("unchecked")
    private static Set<String> inputFields(Map<String, Object> storage) {
        if (storage == null || !(storage.get("properties") instanceof Map)) {
            return null;
        }
        for (String keyword : COMPOSITION) {
            if (storage.containsKey(keyword) && !Boolean.FALSE.equals(storage.get(keyword))) {
                return null;
            }
        }
        return ((Map<String, Object>) storage.get("properties")).keySet();
    }

    private static void checkUrl(String url, Set<String> fields, FileProblems problems) {
        if (!checkPlaceholders(url, "probe.url", fields, problems)) {
            return;
        }
        // a placeholder stands for some text; check the URL with a harmless stand-in
        String candidate = PLACEHOLDER.matcher(url).replaceAll("x");
        try {
            URI uri = new URI(candidate);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                problems.add("probe.url", "'" + url + "' is not an http or https URL");
            } else if (uri.getHost() == null || uri.getHost().isEmpty()) {
                problems.add("probe.url", "'" + url + "' has no host");
            }
        } catch (URISyntaxException e) {
            problems.add("probe.url", "'" + url + "' is not a valid URL: " + e.getReason());
        }
    }

    /** Every {@code ${...}} must be {@code ${input.<field>}}, of a field of the storage schema when they are known. */
    private static boolean checkPlaceholders(String text, String field, Set<String> fields, FileProblems problems) {
        boolean ok = true;
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            Matcher input = INPUT_PLACEHOLDER.matcher(m.group(1));
            if (!input.matches()) {
                problems.add(field, "'" + m.group() + "' is not a placeholder of the form ${input.<field>}");
                ok = false;
            } else if (fields != null && !fields.contains(input.group(1))) {
                problems.add(field, "'" + m.group() + "' names no property of the storage schema");
                ok = false;
            }
        }
        String rest = PLACEHOLDER.matcher(text).replaceAll("");
        if (ok && rest.contains("${")) {
            problems.add(field, "'" + rest.substring(rest.indexOf("${")) + "' is an unclosed placeholder");
            ok = false;
        }
        return ok;
    }
}
