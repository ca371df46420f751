package io.plugboard.extender.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.plugboard.api.connection.ConnectionSource;
import io.plugboard.api.connection.ConnectionType;
import io.plugboard.api.connection.ConnectionTypeRef;
import io.plugboard.api.connection.InvalidConnectionType;
import io.plugboard.api.connection.Probe;
import io.plugboard.api.connection.SourceKind;
import org.junit.Test;

public class ConnectionTypeReaderTest {

    static final String TOKEN_FILE = "connections/token/connection.yaml";

    static final String TOKEN = """
            apiVersion: integration/v1
            kind: Connection
            name: token
            version: 1
            summary: An API token
            description: Paste a *token*.
            schemas:
              storage:
                source: file
                file: storage.schema.json
              displayOnce:
                source: file
                file: display-once.schema.json
            providers:
              - name: default
                summary: Paste it
                source:
                  apiVersion: connection-source/v1
                  kind: Form
            probe:
              url: https://api.example.com/me
              headers:
                Authorization: Bearer ${input.token}
                Accept: application/json
              userInfoMapping:
                sub: /id
                name: /user/name
            """;

    static final String STORAGE = """
            {
              "$schema": "http://json-schema.org/draft-07/schema#",
              "type": "object",
              "properties": {"token": {"type": "string", "writeOnly": true}},
              "required": ["token"]
            }
            """;

    static final String DISPLAY_ONCE = """
            {"type": "object", "properties": {"secret": {"type": "string"}}}
            """;

    static final String USER_PASSWORD = """
            apiVersion: integration/v1
            kind: Connection
            name: user-password
            version: 1
            summary: User and password
            schemas:
              storage:
                type: object
                properties:
                  username: {type: string}
                  password: {type: string, writeOnly: true}
                required: [username, password]
            providers:
              - name: default
                source: {apiVersion: connection-source/v1, kind: Form}
              - name: sso
                description: Log in
                source:
                  apiVersion: connection-source/v1
                  kind: OAuth2
                  scopes: [read, write]
                  server: example
            """;

    // ---- helpers ----------------------------------------------------------------------------------

    static MapEntrySource tokenBundle(String connectionYaml) {
        return new MapEntrySource()
                .put(TOKEN_FILE, connectionYaml)
                .put("connections/token/storage.schema.json", STORAGE)
                .put("connections/token/display-once.schema.json", DISPLAY_ONCE);
    }

    static ConnectionTypeReader.Result read(EntrySource entries) {
        return new ConnectionTypeReader("example", "io.example.bundle", entries).read();
    }

    static String reason(ConnectionTypeReader.Result result, String file) {
        for (InvalidConnectionType invalid : result.invalid()) {
            if (invalid.file().equals(file)) {
                assertEquals("example", invalid.provider());
                return invalid.reason();
            }
        }
        fail(file + " is not listed as invalid; invalid: " + result.invalid() + ", types: " + refs(result));
        return null;
    }

    static List<String> refs(ConnectionTypeReader.Result result) {
        return result.types().stream().map(t -> t.ref().toString()).collect(Collectors.toList());
    }

    /** The token connection with {@code from} replaced by {@code to} is rejected with a reason containing each text. */
    static String assertInvalid(String from, String to, String... expected) {
        assertTrue("test setup: '" + from + "' not in the file", TOKEN.contains(from));
        return assertInvalid(tokenBundle(TOKEN.replace(from, to)), TOKEN_FILE, expected);
    }

    static String assertInvalid(EntrySource entries, String file, String... expected) {
        ConnectionTypeReader.Result result = read(entries);
        String reason = reason(result, file);
        for (String text : expected) {
            assertTrue("reason should contain '" + text + "' but is: " + reason, reason.contains(text));
        }
        assertTrue("an invalid file gives no type: " + refs(result), result.types().stream()
                .noneMatch(t -> t.origin().endsWith(":" + file)));
        return reason;
    }

    // ---- valid ------------------------------------------------------------------------------------

    @Test
    public void readsADirectoryWithSchemaFiles() {
        ConnectionTypeReader.Result result = read(tokenBundle(TOKEN));
        assertEquals(List.of(), result.invalid());
        assertEquals(1, result.types().size());
        ConnectionType type = result.types().get(0);
        assertEquals(new ConnectionTypeRef("example", "token", 1), type.ref());
        assertEquals("An API token", type.summary());
        assertEquals("Paste a *token*.", type.description());
        assertEquals("io.example.bundle:connections/token/connection.yaml", type.origin());
        assertEquals("object", type.storageSchema().get("type"));
        assertEquals(List.of("token"), type.storageSchema().get("required"));
        @SuppressWarnings("unchecked")
        Map<String, Object> token = (Map<String, Object>) ((Map<String, Object>) type.storageSchema().get("properties"))
                .get("token");
        assertEquals(Boolean.TRUE, token.get("writeOnly"));
        assertNotNull(type.displayOnceSchema());
        assertTrue(((Map<?, ?>) type.displayOnceSchema().get("properties")).containsKey("secret"));
        assertEquals(1, type.sources().size());
        ConnectionSource source = type.sources().get(0);
        assertEquals("default", source.name());
        assertEquals("Paste it", source.summary());
        assertEquals(SourceKind.FORM, source.kind());
        assertEquals("connection-source/v1", source.settings().get("apiVersion"));
        Probe probe = type.probe();
        assertEquals("https://api.example.com/me", probe.url());
        assertEquals(Map.of("Authorization", "Bearer ${input.token}", "Accept", "application/json"), probe.headers());
        assertEquals(Map.of("sub", "/id", "name", "/user/name"), probe.userInfoMapping());
    }

    @Test
    public void readsASingleFileWithAnInlineSchemaAndKeepsSourceSettings() {
        ConnectionTypeReader.Result result = read(new MapEntrySource().put("connections/user-password.yaml",
                USER_PASSWORD));
        assertEquals(List.of(), result.invalid());
        ConnectionType type = result.types().get(0);
        assertEquals(ConnectionTypeRef.parse("example/user-password@1"), type.ref());
        assertEquals("io.example.bundle:connections/user-password.yaml", type.origin());
        assertEquals("", type.description());
        assertNull(type.displayOnceSchema());
        assertNull(type.probe());
        assertEquals(List.of("username", "password"), type.storageSchema().get("required"));
        assertEquals(2, type.sources().size());
        ConnectionSource sso = type.source("sso").orElseThrow();
        assertEquals(SourceKind.OAUTH2, sso.kind());
        assertEquals("Log in", sso.description());
        assertEquals(List.of("read", "write"), sso.settings().get("scopes"));
        assertEquals("example", sso.settings().get("server"));
        assertEquals("default", type.source(null).orElseThrow().name());
    }

    @Test
    public void readsVersionsFromFileAndDirectoryNames() {
        MapEntrySource entries = tokenBundle(TOKEN)
                .put("connections/token@2.yaml", USER_PASSWORD.replace("name: user-password", "name: token")
                        .replace("version: 1", "version: 2"))
                .put("connections/token@3/connection.yaml", TOKEN.replace("version: 1", "version: 3"))
                .put("connections/token@3/storage.schema.json", STORAGE)
                .put("connections/token@3/display-once.schema.json", DISPLAY_ONCE);
        ConnectionTypeReader.Result result = read(entries);
        assertEquals(List.of(), result.invalid());
        assertEquals(List.of("example/token@1", "example/token@2", "example/token@3"), refs(result));
        assertEquals("io.example.bundle:connections/token@3/connection.yaml", result.types().get(2).origin());
    }

    @Test
    public void aSchemaFileMayBeSharedFromTheConnectionsFolder() {
        MapEntrySource entries = new MapEntrySource()
                .put("connections/shared/token.schema.json", STORAGE)
                .put("connections/token.yaml", TOKEN.replace("file: storage.schema.json", "file: shared/token.schema.json")
                        .replace("file: display-once.schema.json", "file: ./shared/../shared/token.schema.json"))
                .put("connections/README.md", "not a connection");
        ConnectionTypeReader.Result result = read(entries);
        assertEquals(List.of(), result.invalid());
        assertEquals(List.of("example/token@1"), refs(result));
    }

    @Test
    public void aBundleWithoutConnectionsHasNone() {
        ConnectionTypeReader.Result result = read(new MapEntrySource().put("provider.yaml", "id: x"));
        assertEquals(List.of(), result.types());
        assertEquals(List.of(), result.invalid());
    }

    @Test
    public void oneInvalidFileDoesNotAffectTheOthers() {
        MapEntrySource entries = tokenBundle(TOKEN)
                .put("connections/user-password.yaml", USER_PASSWORD)
                .put("connections/broken.yaml", USER_PASSWORD.replace("name: user-password", "name: broken")
                        .replace("kind: Connection", "kind: Secret"))
                .put("connections/garbage.yaml", "key: [unclosed");
        ConnectionTypeReader.Result result = read(entries);
        assertEquals(List.of("example/token@1", "example/user-password@1"), refs(result));
        assertEquals(2, result.invalid().size());
        assertTrue(reason(result, "connections/broken.yaml").contains("kind: 'Secret' is not supported"));
        assertTrue(reason(result, "connections/garbage.yaml").startsWith("not valid YAML"));
    }

    // ---- apiVersion, kind, name, version ----------------------------------------------------------

    @Test
    public void apiVersionWrongOrMissing() {
        assertInvalid("apiVersion: integration/v1", "apiVersion: integration/v2",
                "apiVersion: 'integration/v2' is not supported: expected integration/v1");
        assertInvalid("apiVersion: integration/v1\n", "", "apiVersion: required (integration/v1)");
    }

    @Test
    public void kindWrongOrMissing() {
        assertInvalid("kind: Connection", "kind: Integration", "kind: 'Integration' is not supported: expected Connection");
        assertInvalid("kind: Connection\n", "", "kind: required (Connection)");
    }

    @Test
    public void nameMustMatchTheDirectoryOrFile() {
        assertInvalid("name: token", "name: other", "name: 'other' does not match the directory name token");
        assertInvalid("name: token\n", "", "name: required");
        assertInvalid(new MapEntrySource().put("connections/user-password.yaml",
                        USER_PASSWORD.replace("name: user-password", "name: user")),
                "connections/user-password.yaml", "name: 'user' does not match the file name user-password.yaml");
    }

    @Test
    public void nameMustBeValid() {
        assertInvalid(new MapEntrySource().put("connections/User_Password.yaml",
                        USER_PASSWORD.replace("name: user-password", "name: User_Password")),
                "connections/User_Password.yaml", "name: 'User_Password' is not a valid name");
    }

    @Test
    public void versionMustMatchTheFileName() {
        assertInvalid(new MapEntrySource().put("connections/token@3.yaml",
                        USER_PASSWORD.replace("name: user-password", "name: token").replace("version: 1", "version: 2")),
                "connections/token@3.yaml", "version: 2 does not match the file name token@3.yaml");
        MapEntrySource dir = new MapEntrySource()
                .put("connections/token@3/connection.yaml", TOKEN.replace("version: 1", "version: 2"))
                .put("connections/token@3/storage.schema.json", STORAGE)
                .put("connections/token@3/display-once.schema.json", DISPLAY_ONCE);
        assertInvalid(dir, "connections/token@3/connection.yaml",
                "version: 2 does not match the directory name token@3");
    }

    @Test
    public void versionMissingOrNotAPositiveInteger() {
        assertInvalid("version: 1\n", "", "version: required");
        assertInvalid("version: 1", "version: 0", "version: 0 is out of range");
        assertInvalid("version: 1", "version: -4", "version: -4 is out of range");
        assertInvalid("version: 1", "version: \"1\"", "version: must be an integer, 1 or more, not a string ('1')");
        assertInvalid("version: 1", "version: 1.5", "version: must be an integer");
    }

    @Test
    public void aBadVersionInTheFileNameIsReported() {
        assertInvalid(new MapEntrySource().put("connections/token@v2.yaml", USER_PASSWORD),
                "connections/token@v2.yaml", "file name: 'token@v2' is not <name> or <name>@<version>");
    }

    @Test
    public void summaryIsRequiredAndDescriptionMustBeText() {
        assertInvalid("summary: An API token\n", "", "summary: required");
        assertInvalid("summary: An API token", "summary: \"  \"", "summary: must not be blank");
        assertInvalid("description: Paste a *token*.", "description: [a, b]", "description: must be a string, not a list");
    }

    @Test
    public void unknownTopLevelFieldsAreErrors() {
        assertInvalid("summary: An API token", "summary: An API token\nsumary: typo",
                "sumary: unknown field (expected one of apiVersion, kind, name, version, summary, description, "
                        + "schemas, providers, probe)");
    }

    @Test
    public void everyProblemIsReported() {
        String reason = assertInvalid("kind: Connection\nname: token", "kind: Thing\nname: tok");
        assertTrue(reason, reason.contains("kind: 'Thing'"));
        assertTrue(reason, reason.contains("name: 'tok' does not match"));
        assertTrue(reason, reason.contains("; "));
    }

    @Test
    public void emptyOrNonMappingFiles() {
        assertInvalid(new MapEntrySource().put("connections/a.yaml", ""), "connections/a.yaml", "the file is empty");
        assertInvalid(new MapEntrySource().put("connections/a.yaml", "- a\n- b\n"), "connections/a.yaml",
                "expected a mapping");
        assertInvalid(new MapEntrySource().put("connections/a.yaml", "a: 1\n---\nb: 2\n"), "connections/a.yaml",
                "2 YAML documents");
        assertInvalid(new MapEntrySource().put("connections/a.yaml", "a: 1\na: 2\n"), "connections/a.yaml",
                "not valid YAML", "Duplicate field 'a'");
    }

    @Test
    public void ymlFilesAndFoldersWithoutConnectionYamlAreReported() {
        assertInvalid(new MapEntrySource().put("connections/token.yml", USER_PASSWORD), "connections/token.yml",
                "ends with .yaml, not .yml");
        assertInvalid(new MapEntrySource().put("connections/token/connection.yml", TOKEN),
                "connections/token/connection.yaml", "file: missing", "connection.yml");
        // a folder of shared files is not a connection
        ConnectionTypeReader.Result result = read(new MapEntrySource().put("connections/shared/a.schema.json", STORAGE));
        assertEquals(List.of(), result.invalid());
    }

    @Test
    public void theSameNameAndVersionTwiceRejectsBoth() {
        MapEntrySource entries = tokenBundle(TOKEN)
                .put("connections/token@1.yaml", USER_PASSWORD.replace("name: user-password", "name: token"))
                .put("connections/user-password.yaml", USER_PASSWORD);
        ConnectionTypeReader.Result result = read(entries);
        assertEquals(List.of("example/user-password@1"), refs(result));
        assertTrue(reason(result, TOKEN_FILE).contains(
                "name: token@1 is defined more than once in the bundle (also in connections/token@1.yaml)"));
        assertTrue(reason(result, "connections/token@1.yaml").contains("(also in connections/token/connection.yaml)"));
    }

    // ---- schemas ----------------------------------------------------------------------------------

    @Test
    public void storageSchemaIsRequired() {
        assertInvalid("""
                schemas:
                  storage:
                    source: file
                    file: storage.schema.json
                  displayOnce:""", "schemas:\n  displayOnce:", "schemas.storage: required");
        String noSchemas = TOKEN.substring(0, TOKEN.indexOf("schemas:")) + TOKEN.substring(TOKEN.indexOf("providers:"));
        assertInvalid(tokenBundle(noSchemas), TOKEN_FILE, "schemas: required");
        assertInvalid("  displayOnce:", "  other: {}\n  displayOnce:", "schemas.other: unknown field");
    }

    @Test
    public void schemaFileMissing() {
        assertInvalid("file: storage.schema.json", "file: nope.json",
                "schemas.storage.file: connections/token/nope.json does not exist in the bundle");
        assertInvalid("file: display-once.schema.json", "file: nope.json",
                "schemas.displayOnce.file: connections/token/nope.json does not exist");
    }

    @Test
    public void schemaFileNotJson() {
        MapEntrySource entries = tokenBundle(TOKEN).put("connections/token/storage.schema.json", "type: object\n");
        assertInvalid(entries, TOKEN_FILE, "schemas.storage.file: connections/token/storage.schema.json is not JSON");
        entries = tokenBundle(TOKEN).put("connections/token/storage.schema.json", "[1, 2]");
        assertInvalid(entries, TOKEN_FILE, "schemas.storage.file: connections/token/storage.schema.json is not a JSON object");
    }

    @Test
    public void schemaFileMustBeAUsableJsonSchema() {
        MapEntrySource entries = tokenBundle(TOKEN).put("connections/token/storage.schema.json",
                "{\"type\": \"object\", \"properties\": {\"token\": {\"type\": 5}}}");
        assertInvalid(entries, TOKEN_FILE, "schemas.storage: not a valid JSON Schema (draft-07)");
        entries = tokenBundle(TOKEN).put("connections/token/storage.schema.json",
                "{\"type\": \"object\", \"properties\": {\"token\": {\"$ref\": \"https://example.com/x.json\"}}}");
        assertInvalid(entries, TOKEN_FILE, "schemas.storage: $ref: 'https://example.com/x.json' points outside the schema");
        entries = tokenBundle(TOKEN).put("connections/token/storage.schema.json",
                "{\"type\": \"object\", \"properties\": {\"token\": {\"$ref\": \"#/definitions/missing\"}}}");
        assertInvalid(entries, TOKEN_FILE, "schemas.storage: not a usable JSON Schema");
        entries = tokenBundle(TOKEN).put("connections/token/storage.schema.json", "{\"type\": \"object\", "
                + "\"definitions\": {\"t\": {\"type\": \"string\"}}, \"properties\": {\"token\": {\"$ref\": \"#/definitions/t\"}}, "
                + "\"default\": {\"$ref\": \"https://data.example\"}}");
        assertEquals(List.of(), read(entries).invalid());
        entries = tokenBundle(TOKEN).put("connections/token/storage.schema.json",
                "{\"$schema\": \"https://json-schema.org/draft/2020-12/schema\", \"type\": \"object\"}");
        assertInvalid(entries, TOKEN_FILE, "schemas.storage: $schema: \"https://json-schema.org/draft/2020-12/schema\" "
                + "is not supported");
    }

    @Test
    public void extensionKeywordsAreKept() {
        MapEntrySource entries = tokenBundle(TOKEN).put("connections/token/storage.schema.json", "{\"$schema\": "
                + "\"http://json-schema.org/draft-07/schema\", \"type\": \"object\", \"properties\": {\"token\": "
                + "{\"type\": \"string\", \"x-relay-connectionType\": \"github/token@1\"}}}");
        ConnectionTypeReader.Result result = read(entries);
        assertEquals(List.of(), result.invalid());
        assertTrue(result.types().get(0).storageSchema().toString().contains("x-relay-connectionType=github/token@1"));
    }

    @Test
    public void storageSchemaMustBeAnObjectSchema() {
        MapEntrySource entries = tokenBundle(TOKEN).put("connections/token/storage.schema.json", "{\"type\": \"string\"}");
        assertInvalid(entries, TOKEN_FILE, "schemas.storage.type: must be object");
        assertInvalid(new MapEntrySource().put("connections/user-password.yaml",
                        USER_PASSWORD.replace("    type: object\n", "")),
                "connections/user-password.yaml", "schemas.storage.type: must be object", "not missing");
    }

    @Test
    public void aFileReferenceIsExactlySourceAndFile() {
        assertInvalid("source: file\n    file: storage.schema.json", "source: url\n    file: storage.schema.json",
                "schemas.storage.source: 'url' is not supported: expected file");
        assertInvalid("source: file\n    file: storage.schema.json", "source: file",
                "schemas.storage.file: required");
        assertInvalid("source: file\n    file: storage.schema.json",
                "source: file\n    file: storage.schema.json\n    type: object", "schemas.storage.type: unknown field");
        assertInvalid("storage:\n    source: file\n    file: storage.schema.json", "storage: storage.schema.json",
                "schemas.storage: must be a JSON Schema object or {source: file, file: <path>}, not a string");
    }

    @Test
    public void aSchemaFileMustStayInsideConnections() {
        MapEntrySource entries = tokenBundle(TOKEN.replace("file: storage.schema.json", "file: ../../provider.yaml"))
                .put("provider.yaml", "{}");
        assertInvalid(entries, TOKEN_FILE, "schemas.storage.file: '../../provider.yaml' must be a relative path inside "
                + "connections/");
        assertInvalid("file: storage.schema.json", "file: /connections/token/storage.schema.json",
                "must be a relative path");
    }

    // ---- providers --------------------------------------------------------------------------------

    @Test
    public void providersRequiredAndNotEmpty() {
        String without = TOKEN.substring(0, TOKEN.indexOf("providers:")) + TOKEN.substring(TOKEN.indexOf("probe:"));
        assertInvalid(tokenBundle(without), TOKEN_FILE, "providers: required");
        assertInvalid(tokenBundle(without + "providers: []\n"), TOKEN_FILE, "providers: must list at least one source");
        assertInvalid(tokenBundle(without + "providers: default\n"), TOKEN_FILE, "providers: must be a list, not a string");
    }

    @Test
    public void badSourceKind() {
        assertInvalid("kind: Form", "kind: Password", "providers[0].source.kind: 'Password' is not one of Form, OAuth2");
        assertInvalid("      kind: Form\n", "", "providers[0].source.kind: required (Form or OAuth2)");
        assertInvalid("kind: Form", "kind: form", "providers[0].source.kind: 'form' is not one of Form, OAuth2");
    }

    @Test
    public void badSourceApiVersion() {
        assertInvalid("apiVersion: connection-source/v1", "apiVersion: connection-source/v2",
                "providers[0].source.apiVersion: 'connection-source/v2' is not supported: expected connection-source/v1");
        assertInvalid("      apiVersion: connection-source/v1\n", "",
                "providers[0].source.apiVersion: required (connection-source/v1)");
    }

    @Test
    public void duplicateProviderNames() {
        String twice = """
                  - name: default
                    summary: Paste it
                    source:
                      apiVersion: connection-source/v1
                      kind: Form
                """;
        assertInvalid(twice, twice + twice.replace("kind: Form", "kind: OAuth2"),
                "providers[1].name: 'default' is used by another entry of providers");
    }

    @Test
    public void providerEntriesNeedNameAndSource() {
        assertInvalid("  - name: default\n", "  - description: none\n", "providers[0].name: required");
        assertInvalid("    source:\n      apiVersion: connection-source/v1\n      kind: Form\n", "",
                "providers[0].source: required");
        assertInvalid("    summary: Paste it", "    summary: Paste it\n    kind: Form", "providers[0].kind: unknown field");
        assertInvalid("  - name: default", "  - name: Default Source", "providers[0].name: 'Default Source' is not a valid name");
    }

    // ---- probe ------------------------------------------------------------------------------------

    @Test
    public void badProbeUrl() {
        assertInvalid("url: https://api.example.com/me", "url: ftp://api.example.com/me",
                "probe.url: 'ftp://api.example.com/me' is not an http or https URL");
        assertInvalid("url: https://api.example.com/me", "url: /me", "probe.url: '/me' is not an http or https URL");
        assertInvalid("url: https://api.example.com/me", "url: \"https://exa mple.com/\"", "probe.url: 'https://exa mple.com/' is not a valid URL");
        assertInvalid("url: https://api.example.com/me", "url: \"https:///me\"", "probe.url: 'https:///me' has no host");
        assertInvalid("  url: https://api.example.com/me\n", "", "probe.url: required");
    }

    @Test
    public void probeUrlMayHoldInputPlaceholders() {
        ConnectionTypeReader.Result result = read(tokenBundle(TOKEN.replace("url: https://api.example.com/me",
                "url: https://${input.token}.example.com/me?q=${input.token}")));
        assertEquals(List.of(), result.invalid());
        assertEquals("https://${input.token}.example.com/me?q=${input.token}", result.types().get(0).probe().url());
    }

    @Test
    public void placeholdersMustNameAnInputField() {
        assertInvalid("Bearer ${input.token}", "Bearer ${secret.token}",
                "probe.headers.Authorization: '${secret.token}' is not a placeholder of the form ${input.<field>}");
        assertInvalid("Bearer ${input.token}", "Bearer ${input.tokn}",
                "probe.headers.Authorization: '${input.tokn}' names no property of the storage schema");
        assertInvalid("url: https://api.example.com/me", "url: https://api.example.com/${input.user",
                "probe.url: '${input.user' is an unclosed placeholder");
    }

    @Test
    public void probeHeadersAreStrings() {
        assertInvalid("Accept: application/json", "Accept: 5", "probe.headers.Accept: must be a string, not a number");
        assertInvalid("Accept: application/json", "\"Bad Header\": x", "probe.headers.Bad Header: 'Bad Header' is not a valid header name");
        assertInvalid("  headers:\n", "  headers: x\n  other:\n", "probe.headers: must be an object");
    }

    @Test
    public void badJsonPointer() {
        assertInvalid("name: /user/name", "name: /user/~2name",
                "probe.userInfoMapping.name: '/user/~2name' is not a valid JSON Pointer: '~' must be followed by 0");
        assertInvalid("name: /user/name", "name: /user~", "probe.userInfoMapping.name: '/user~' is not a valid JSON Pointer");
        assertEquals(null, ConnectionTypeReader.jsonPointerError("/a~0b/c~1d/"));
    }

    @Test
    public void badXPath() {
        assertInvalid("name: /user/name", "name: \"user[[\"",
                "probe.userInfoMapping.name: 'user[[' is neither a JSON Pointer (they start with /) nor a valid XPath expression");
    }

    @Test
    public void xpathIsAcceptedForXmlAnswers() {
        ConnectionTypeReader.Result result = read(tokenBundle(TOKEN.replace("name: /user/name",
                "name: \"string(//user/name)\"")));
        assertEquals(List.of(), result.invalid());
        assertEquals("string(//user/name)", result.types().get(0).probe().userInfoMapping().get("name"));
    }

    @Test
    public void probeUnknownFieldsAndValueTypes() {
        assertInvalid("  url: https://api.example.com/me", "  url: https://api.example.com/me\n  method: POST",
                "probe.method: unknown field (expected one of url, headers, userInfoMapping)");
        assertInvalid("sub: /id", "sub: 1", "probe.userInfoMapping.sub: must be a JSON Pointer (/a/b) or an XPath expression, not a number");
        assertInvalid("probe:\n", "probe: https://api.example.com\nx:\n", "probe: must be an object, not a string");
    }

    // ---- resolve ----------------------------------------------------------------------------------

    @Test
    public void resolvesRelativePaths() {
        assertEquals("connections/token/a.json", ConnectionTypeReader.resolve("connections/token/", "a.json"));
        assertEquals("connections/a.json", ConnectionTypeReader.resolve("connections/token/", "../a.json"));
        assertEquals("connections/a.json", ConnectionTypeReader.resolve("connections/", "./a.json"));
        assertNull(ConnectionTypeReader.resolve("connections/", "../a.json"));
        assertNull(ConnectionTypeReader.resolve("connections/", "/a.json"));
        assertNull(ConnectionTypeReader.resolve("connections/", "file:/etc/passwd"));
    }
}
