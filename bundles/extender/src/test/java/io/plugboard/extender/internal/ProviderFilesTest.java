package io.plugboard.extender.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.plugboard.api.connection.ConnectionType;
import io.plugboard.api.connection.Probe;
import io.plugboard.api.connection.SourceKind;
import io.plugboard.api.provider.AuthMode;
import org.junit.Test;

/** The connection types and descriptors shipped by the provider modules, read from their source folders. */
public class ProviderFilesTest {

    private static final Path PROVIDERS = Path.of("..", "providers");

    private static ConnectionTypeReader.Result read(String provider) {
        Path resources = PROVIDERS.resolve(provider).resolve("src/main/resources");
        assertTrue(resources + " is missing", Files.isDirectory(resources));
        return new ConnectionTypeReader(provider, "io.plugboard.provider." + provider,
                new DirectoryEntrySource(resources)).read();
    }

    @Test
    public void github() {
        ConnectionTypeReader.Result result = read("github");
        assertEquals(List.of(), result.invalid());
        assertEquals(List.of("github/oauth@1", "github/token@1", "github/user-password@1"), ConnectionTypeReaderTest.refs(result));

        ConnectionType oauth = result.types().get(0);
        assertEquals(SourceKind.OAUTH2, oauth.source("default").orElseThrow().kind());
        assertEquals("github", oauth.source("default").orElseThrow().settings().get("server"));
        assertEquals(Map.of("authCodeURL", "login/oauth/authorize", "tokenURL", "login/oauth/access_token"),
                oauth.source("enterprise").orElseThrow().settings().get("server"));

        ConnectionType token = result.types().get(1);
        assertEquals("io.plugboard.provider.github:connections/token/connection.yaml", token.origin());
        assertEquals(List.of("token"), token.storageSchema().get("required"));
        assertEquals(Boolean.TRUE, property(token, "token").get("writeOnly"));
        assertEquals(SourceKind.FORM, token.source("default").orElseThrow().kind());
        Probe probe = token.probe();
        assertEquals("https://api.github.com/user", probe.url());
        assertEquals(Map.of("Accept", "application/vnd.github.v3+json", "Authorization", "Bearer ${input.token}"),
                probe.headers());
        assertEquals(Map.of("sub", "/login", "name", "/name", "profile", "/html_url", "picture", "/avatar_url",
                "email", "/email"), probe.userInfoMapping());

        ConnectionType userPassword = result.types().get(2);
        assertEquals("io.plugboard.provider.github:connections/user-password.yaml", userPassword.origin());
        assertEquals(Set.of("username", "password"), Set.copyOf((List<?>) userPassword.storageSchema().get("required")));
        assertEquals(Boolean.TRUE, property(userPassword, "password").get("writeOnly"));
        assertEquals(SourceKind.FORM, userPassword.sources().get(0).kind());
    }

    @Test
    public void google() throws Exception {
        Path resources = PROVIDERS.resolve("google/src/main/resources");
        DataProvider provider = ProviderDescriptorReader.read(Files.readAllBytes(resources.resolve("provider.yaml")));
        assertEquals("google", provider.id());
        ConnectionTypeReader.Result result = read("google");
        assertEquals(List.of(), result.invalid());
        assertEquals(List.of("google/oidc@1"), ConnectionTypeReaderTest.refs(result));
        assertEquals("the server google/provider.yaml declares", "google",
                result.types().get(0).sources().get(0).settings().get("server"));
        io.plugboard.api.provider.OAuthServerSpec google = provider.oauthServers().get(0);
        assertEquals("google", google.shortName());
        assertTrue(google.discovery());
        assertEquals(Map.of("issuerURL", "https://accounts.google.com"), google.urls());
        assertEquals(Map.of("access_type", "offline", "prompt", "consent"), google.extraAuthorizeParameters());
    }

    @Test
    public void microsoftAndBitbucketDeclareOnlyTheirOAuthServers() throws Exception {
        DataProvider microsoft = ProviderDescriptorReader.read(Files.readAllBytes(
                PROVIDERS.resolve("microsoft/src/main/resources/provider.yaml")));
        io.plugboard.api.provider.OAuthServerSpec ms = microsoft.oauthServers().get(0);
        assertEquals("microsoft", ms.shortName());
        assertEquals(Map.of("issuerURL", "https://login.microsoftonline.com/common/v2.0"), ms.urls());
        assertEquals(io.plugboard.api.provider.OAuthServerSpec.Revocation.NONE, ms.revocation());
        DataProvider bitbucket = ProviderDescriptorReader.read(Files.readAllBytes(
                PROVIDERS.resolve("bitbucket/src/main/resources/provider.yaml")));
        io.plugboard.api.provider.OAuthServerSpec bb = bitbucket.oauthServers().get(0);
        assertEquals(Map.of("authCodeURL", "https://bitbucket.org/site/oauth2/authorize",
                "tokenURL", "https://bitbucket.org/site/oauth2/access_token"), bb.urls());
        assertFalse(bb.discovery());
    }

    @Test
    public void pagerduty() throws Exception {
        Path resources = PROVIDERS.resolve("pagerduty/src/main/resources");
        DataProvider provider = ProviderDescriptorReader.read(Files.readAllBytes(resources.resolve("provider.yaml")));
        assertEquals("pagerduty", provider.id());
        assertEquals("PagerDuty", provider.name());
        assertTrue(provider.description().length() > 10);
        assertEquals(Set.of(AuthMode.TOKEN), provider.authModes());

        ConnectionTypeReader.Result result = read("pagerduty");
        assertEquals(List.of(), result.invalid());
        assertEquals(List.of("pagerduty/token@1"), ConnectionTypeReaderTest.refs(result));
        ConnectionType token = result.types().get(0);
        assertEquals(List.of("token"), token.storageSchema().get("required"));
        assertEquals(Boolean.TRUE, property(token, "token").get("writeOnly"));
        assertEquals("string", property(token, "token").get("type"));
        assertEquals(SourceKind.FORM, token.sources().get(0).kind());
        Probe probe = token.probe();
        assertEquals("https://api.pagerduty.com/users/me", probe.url());
        assertEquals(Map.of("Authorization", "Token token=${input.token}",
                "Accept", "application/vnd.pagerduty+json;version=2"), probe.headers());
        assertEquals(Map.of("sub", "/user/id", "name", "/user/name", "email", "/user/email",
                "picture", "/user/avatar_url", "profile", "/user/html_url"), probe.userInfoMapping());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> property(ConnectionType type, String name) {
        return (Map<String, Object>) ((Map<String, Object>) type.storageSchema().get("properties")).get(name);
    }
}
