package io.plugboard.oauth.internal.client;

import io.plugboard.api.provider.OAuthServerSpec;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

public class ServerCatalogTest {

    private static MockOAuth2Server mock;
    private StubServer stub;
    private MutableClock clock;

    @BeforeClass
    public static void startMock() {
        mock = new MockOAuth2Server();
        mock.start();
    }

    @AfterClass
    public static void stopMock() {
        mock.shutdown();
    }

    @Before
    public void setUp() throws Exception {
        stub = new StubServer();
        clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    }

    @After
    public void tearDown() {
        stub.close();
    }

    /** The servers the shipped providers declare (their provider classes and provider.yaml files), by provider id. */
    static final Map<String, List<OAuthServerSpec>> SHIPPED = Map.of(
            "github", List.of(OAuthServerSpec.oauth2("github", "https://github.com/login/oauth/authorize",
                    "https://github.com/login/oauth/access_token")
                    .withRevocation(OAuthServerSpec.Revocation.APPLICATION_TOKEN_API)
                    .withTokenAuthMethod(OAuthServerSpec.TokenAuthMethod.CLIENT_SECRET_POST)),
            "gitlab", List.of(OAuthServerSpec.oauth2("gitlab", "https://gitlab.com/oauth/authorize", "https://gitlab.com/oauth/token")
                    .withUrl(OAuthServerSpec.REVOCATION_URL, "https://gitlab.com/oauth/revoke")
                    .withUrl(OAuthServerSpec.USERINFO_URL, "https://gitlab.com/oauth/userinfo")
                    .withUrl(OAuthServerSpec.ISSUER_URL, "https://gitlab.com")
                    .withUrl(OAuthServerSpec.JWKS_URL, "https://gitlab.com/oauth/discovery/keys")),
            "slack", List.of(OAuthServerSpec.oauth2("slack", "https://slack.com/oauth/v2/authorize",
                    "https://slack.com/api/oauth.v2.access").withUrl(OAuthServerSpec.REVOCATION_URL, "https://slack.com/api/auth.revoke")),
            "google", List.of(OAuthServerSpec.openIdConnect("google", "https://accounts.google.com")
                    .withAuthorizeParameters(Map.of("access_type", "offline", "prompt", "consent"))),
            "microsoft", List.of(OAuthServerSpec.openIdConnect("microsoft", "https://login.microsoftonline.com/common/v2.0")
                    .withRevocation(OAuthServerSpec.Revocation.NONE)),
            "bitbucket", List.of(OAuthServerSpec.oauth2("bitbucket", "https://bitbucket.org/site/oauth2/authorize",
                    "https://bitbucket.org/site/oauth2/access_token").withRevocation(OAuthServerSpec.Revocation.NONE)));

    private ServerCatalog catalog(Map<String, Map<String, String>> overrides) {
        return new ServerCatalog(ServerCatalog.Servers.of(SHIPPED), overrides, HttpClient.newHttpClient(), clock);
    }

    private static String issuer() {
        return mock.issuerUrl("default").toString();
    }

    /** A discovery document for {@code issuer} served by the stub, with the stub's endpoints. */
    private String document(String issuer, String extra) {
        return "{\"issuer\":\"" + issuer + "\","
                + "\"authorization_endpoint\":\"" + stub.url("/auth") + "\","
                + "\"token_endpoint\":\"" + stub.url("/token") + "\","
                + "\"jwks_uri\":\"" + stub.url("/jwks") + "\"" + extra + "}";
    }

    // --- discovery -----------------------------------------------------------------------------------------------

    @Test
    public void clientOverridesApplyToAServerMapAndToAShortNameAlike() throws Exception {
        // a data-only provider's server, declared by its issuer: the client points it at the mock server
        OAuthServer map = catalog(null).resolve(Map.of("issuerURL", "https://idp.example.com"), null,
                Map.of("issuerURL", issuer()));
        assertEquals(issuer(), map.issuer());
        assertEquals(mock.tokenEndpointUrl("default").toString(), map.tokenEndpoint());
        OAuthServer named = catalog(null).resolve("google", null, Map.of("issuerURL", issuer()));
        assertEquals(issuer(), named.issuer());
        assertEquals(mock.authorizationEndpointUrl("default").toString(), named.authorizationEndpoint());
        OAuthServer partial = catalog(null).resolve(Map.of("authCodeURL", "/login/oauth/authorize",
                "tokenURL", "/login/oauth/access_token"), "https://github.example.com", Map.of());
        assertEquals("https://github.example.com/login/oauth/access_token", partial.tokenEndpoint());
    }

    @Test
    public void unusableOverridesAreReportedByKeyAndDropped() {
        Map<String, String> raw = new java.util.LinkedHashMap<>();
        raw.put("tokenURL", "https://idp.example.com/token");
        raw.put("authCodeURL", "ftp://idp.example.com/auth");
        raw.put("tokenUrl", "https://idp.example.com/typo");
        raw.put("jwksURL", " ");
        Map<String, String> refused = new java.util.LinkedHashMap<>();
        assertEquals(Map.of("tokenURL", "https://idp.example.com/token"),
                ServerCatalog.usableOverrides(raw, refused::put));
        assertEquals(List.of("authCodeURL", "tokenUrl"), List.copyOf(refused.keySet()));
        assertTrue(refused.get("tokenUrl"), refused.get("tokenUrl").contains("unknown key 'tokenUrl'"));
    }

    @Test
    public void discoveryOfTheMockServerResolvesItsEndpoints() throws Exception {
        OAuthServer server = catalog(null).resolve(Map.of("issuerURL", issuer()));
        assertEquals(issuer(), server.issuer());
        assertEquals(mock.authorizationEndpointUrl("default").toString(), server.authorizationEndpoint());
        assertEquals(mock.tokenEndpointUrl("default").toString(), server.tokenEndpoint());
        assertEquals(mock.revocationEndpointUrl("default").toString(), server.revocationEndpoint());
        assertEquals(mock.userInfoUrl("default").toString(), server.userinfoEndpoint());
        assertEquals(mock.jwksUrl("default").toString(), server.jwksUri());
        assertTrue(server.oidc());
        assertFalse("mock-oauth2-server does not advertise RFC 9207", server.issParameterSupported());
        assertEquals(List.of("openid", "offline_access"), server.defaultScopes());
    }

    @Test
    public void discoveryReadsIssParameterSupportAndHonoursScopesSupported() throws Exception {
        String issuer = stub.url("/tenant");
        stub.handler = r -> r.uri().getPath().equals("/tenant/.well-known/openid-configuration")
                ? StubServer.Reply.json(200, document(issuer, ",\"authorization_response_iss_parameter_supported\":true,"
                        + "\"scopes_supported\":[\"openid\",\"email\",\"profile\"],"
                        + "\"revocation_endpoint\":\"" + stub.url("/revoke") + "\","
                        + "\"userinfo_endpoint\":\"" + stub.url("/userinfo") + "\""))
                : StubServer.Reply.json(404, "{}");
        OAuthServer server = catalog(null).resolve(Map.of("issuerURL", issuer));
        assertTrue(server.issParameterSupported());
        assertEquals("offline_access is not in scopes_supported (Google)", List.of("openid"), server.defaultScopes());
        assertEquals(stub.url("/revoke"), server.revocationEndpoint());
        assertEquals(stub.url("/userinfo"), server.userinfoEndpoint());
        assertEquals("application/json", stub.last().header("Accept"));
    }

    @Test
    public void discoveryIsCachedForAnHour() throws Exception {
        String issuer = stub.url("/cached");
        stub.handler = r -> StubServer.Reply.json(200, document(issuer, ""));
        ServerCatalog catalog = catalog(null);
        catalog.resolve(Map.of("issuerURL", issuer));
        catalog.resolve(Map.of("issuerURL", issuer, "tokenURL", stub.url("/other-token")));
        assertEquals(1, stub.requests.size());
        clock.advance(Duration.ofMinutes(59));
        catalog.resolve(Map.of("issuerURL", issuer));
        assertEquals(1, stub.requests.size());
        clock.advance(Duration.ofMinutes(2));
        catalog.resolve(Map.of("issuerURL", issuer));
        assertEquals(2, stub.requests.size());
    }

    @Test
    public void explicitUrlsOverrideDiscoveredOnes() throws Exception {
        OAuthServer server = catalog(null).resolve(Map.of("issuerURL", issuer(),
                "tokenURL", "https://proxy.example/token", "revocationURL", "https://proxy.example/revoke"));
        assertEquals("https://proxy.example/token", server.tokenEndpoint());
        assertEquals("https://proxy.example/revoke", server.revocationEndpoint());
        assertEquals(mock.authorizationEndpointUrl("default").toString(), server.authorizationEndpoint());
    }

    @Test
    public void discoveryWithAMismatchingIssuerIsRefused() {
        // the mock names its issuer without the trailing slash: OpenID Connect wants an exact match
        OAuthException e = assertThrows(OAuthException.class,
                () -> catalog(null).resolve(Map.of("issuerURL", issuer() + "/")));
        assertTrue(e.getMessage(), e.getMessage().contains("names another issuer '" + issuer() + "'"));

        stub.handler = r -> StubServer.Reply.json(200, document("https://evil.example", ""));
        OAuthException foreign = assertThrows(OAuthException.class,
                () -> catalog(null).resolve(Map.of("issuerURL", stub.url("/victim"))));
        assertTrue(foreign.getMessage(), foreign.getMessage().contains("https://evil.example"));
    }

    @Test
    public void failedDiscoveryIsReportedAndNotCached() throws Exception {
        String issuer = stub.url("/flaky");
        stub.handler = r -> StubServer.Reply.json(503, "{}");
        ServerCatalog catalog = catalog(null);
        OAuthException e = assertThrows(OAuthException.class, () -> catalog.resolve(Map.of("issuerURL", issuer)));
        assertTrue(e.getMessage(), e.getMessage().contains("HTTP 503"));

        stub.handler = r -> StubServer.Reply.of(200, "text/html", "<html>login</html>");
        e = assertThrows(OAuthException.class, () -> catalog.resolve(Map.of("issuerURL", issuer)));
        assertTrue(e.getMessage(), e.getMessage().contains("not") && e.getMessage().contains("JSON"));

        stub.handler = r -> StubServer.Reply.json(200, "{\"issuer\":\"" + issuer + "\"}");
        e = assertThrows(OAuthException.class, () -> catalog.resolve(Map.of("issuerURL", issuer)));
        assertTrue(e.getMessage(), e.getMessage().contains("authorization_endpoint"));

        stub.handler = r -> StubServer.Reply.json(200, document(issuer, "").replace(stub.url("/token"),
                "http://plain.example/token"));
        e = assertThrows(OAuthException.class, () -> catalog.resolve(Map.of("issuerURL", issuer)));
        assertTrue(e.getMessage(), e.getMessage().contains("https"));

        stub.handler = r -> StubServer.Reply.json(200, document(issuer, ""));
        assertEquals(stub.url("/token"), catalog.resolve(Map.of("issuerURL", issuer)).tokenEndpoint());
    }

    @Test
    public void microsoftMultiTenantIssuerTemplateIsAccepted() throws Exception {
        String configured = stub.url("/common/v2.0");
        String template = stub.url("/{tenantid}/v2.0");
        stub.handler = r -> StubServer.Reply.json(200, document(template, ""));
        OAuthServer server = catalog(null).resolve(Map.of("issuerURL", configured));
        assertEquals(template, server.issuer());
        assertTrue(server.hasTenantTemplate());

        // only for the multi-tenant segments
        assertThrows(OAuthException.class, () -> catalog(null).resolve(Map.of("issuerURL", stub.url("/acme/v2.0"))));
        assertNull(ServerCatalog.matchIssuer("https://login.example/common/v2.0", "https://other.example/{tenantid}/v2.0"));
    }

    // --- short names -----------------------------------------------------------------------------------------------

    @Test
    public void shortNamesAreThoseTheProvidersDeclare() throws Exception {
        ServerCatalog catalog = catalog(null);
        OAuthServer github = catalog.resolve("github");
        assertEquals("https://github.com/login/oauth/authorize", github.authorizationEndpoint());
        assertEquals("https://github.com/login/oauth/access_token", github.tokenEndpoint());
        assertNull("GitHub has no RFC 7009 endpoint", github.revocationEndpoint());
        assertNull(github.issuer());
        assertFalse(github.oidc());
        assertEquals(List.of(), github.defaultScopes());
        assertEquals(github, catalog.resolve(" GitHub "));

        OAuthServer gitlab = catalog.resolve("gitlab");
        assertEquals("https://gitlab.com/oauth/authorize", gitlab.authorizationEndpoint());
        assertEquals("https://gitlab.com/oauth/token", gitlab.tokenEndpoint());
        assertEquals("https://gitlab.com/oauth/revoke", gitlab.revocationEndpoint());
        assertEquals("https://gitlab.com", gitlab.issuer());

        OAuthServer slack = catalog.resolve("slack");
        assertEquals("https://slack.com/oauth/v2/authorize", slack.authorizationEndpoint());
        assertEquals("https://slack.com/api/oauth.v2.access", slack.tokenEndpoint());
        assertEquals("https://slack.com/api/auth.revoke", slack.revocationEndpoint());

        OAuthServer bitbucket = catalog.resolve("bitbucket");
        assertEquals("https://bitbucket.org/site/oauth2/authorize", bitbucket.authorizationEndpoint());
        assertEquals("https://bitbucket.org/site/oauth2/access_token", bitbucket.tokenEndpoint());

        assertEquals(List.of("bitbucket", "github", "gitlab", "google", "microsoft", "slack"),
                List.copyOf(catalog.shortNames()));
        assertEquals(Map.of("access_type", "offline", "prompt", "consent"), catalog.extraAuthorizeParameters("google"));
        assertEquals(Map.of(), catalog.extraAuthorizeParameters("github"));
        assertEquals(ClientCredentials.AuthMethod.CLIENT_SECRET_POST, catalog.tokenAuthMethod("github"));
        assertEquals(ClientCredentials.AuthMethod.CLIENT_SECRET_BASIC, catalog.tokenAuthMethod("slack"));
    }

    @Test
    public void theRevocationStyleIsTheDeclaringProvidersAlsoForItsSelfHostedServers() {
        ServerCatalog catalog = catalog(null);
        assertEquals(OAuthServerSpec.Revocation.APPLICATION_TOKEN_API, catalog.revocation("github", "github"));
        assertEquals("GitHub Enterprise: a server map of the github provider's connection type",
                OAuthServerSpec.Revocation.APPLICATION_TOKEN_API,
                catalog.revocation(Map.of("authCodeURL", "/login/oauth/authorize", "tokenURL", "/login/oauth/access_token"), "github"));
        assertEquals(OAuthServerSpec.Revocation.RFC7009, catalog.revocation(Map.of("issuerURL", "https://ghe.example"), "github"));
        assertEquals(OAuthServerSpec.Revocation.RFC7009, catalog.revocation("gitlab", "github"));
        assertEquals(OAuthServerSpec.Revocation.NONE, catalog.revocation("microsoft", "acme"));
        assertEquals(OAuthServerSpec.Revocation.RFC7009, catalog.revocation(Map.of("authCodeURL", "/a", "tokenURL", "/t"), "acme"));
    }

    @Test
    public void aShortNameGoesWithTheProviderThatDeclaredIt() throws Exception {
        Map<String, List<OAuthServerSpec>> installed = new java.util.concurrent.ConcurrentHashMap<>(SHIPPED);
        java.util.function.Supplier<List<io.plugboard.api.provider.Provider>> providers = () -> installed.entrySet().stream()
                .map(e -> (io.plugboard.api.provider.Provider) new io.plugboard.api.provider.Provider() {
                    public String id() { return e.getKey(); }
                    public String name() { return e.getKey(); }
                    public java.util.Set<io.plugboard.api.provider.AuthMode> authModes() { return java.util.Set.of(); }
                    public List<io.plugboard.api.provider.EventType> eventTypes() { return List.of(); }
                    public List<OAuthServerSpec> oauthServers() { return e.getValue(); }
                }).toList();
        ServerCatalog catalog = new ServerCatalog(ServerCatalog.Servers.of(providers),
                Map.of("bitbucket", Map.of("tokenURL", stub.url("/t"))), HttpClient.newHttpClient(), clock);
        assertEquals(stub.url("/t"), catalog.resolve("bitbucket").tokenEndpoint());
        installed.remove("bitbucket");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> catalog.resolve("bitbucket"));
        assertTrue(e.getMessage(), e.getMessage().contains("no installed provider declares it"));
        assertFalse(catalog.shortNames().contains("bitbucket"));
    }

    @Test
    public void shortNamesAreOverriddenFromConfiguration() throws Exception {
        Map<String, Map<String, String>> overrides = new HashMap<>();
        overrides.put("github", Map.of(
                "authCodeURL", mock.authorizationEndpointUrl("default").toString(),
                "tokenURL", mock.tokenEndpointUrl("default").toString(),
                "revocationURL", mock.revocationEndpointUrl("default").toString(),
                "userinfoURL", ""));
        overrides.put("GOOGLE", Map.of("issuerURL", issuer()));
        ServerCatalog catalog = catalog(overrides);

        OAuthServer github = catalog.resolve("github");
        assertEquals(mock.authorizationEndpointUrl("default").toString(), github.authorizationEndpoint());
        assertEquals(mock.tokenEndpointUrl("default").toString(), github.tokenEndpoint());
        assertEquals(mock.revocationEndpointUrl("default").toString(), github.revocationEndpoint());
        assertNull("blank override values are ignored", github.userinfoEndpoint());
        assertFalse(github.oidc());

        OAuthServer google = catalog.resolve("google");
        assertTrue(google.oidc());
        assertEquals("discovered at the overridden issuer", issuer(), google.issuer());
        assertEquals(mock.jwksUrl("default").toString(), google.jwksUri());
        assertEquals(mock.tokenEndpointUrl("default").toString(), google.tokenEndpoint());
    }

    @Test
    public void anOidcShortNameWithAllEndpointsOverriddenNeedsNoDiscovery() throws Exception {
        ServerCatalog catalog = catalog(Map.of("microsoft", Map.of(
                "authCodeURL", stub.url("/a"), "tokenURL", stub.url("/t"), "jwksURL", stub.url("/k"))));
        OAuthServer microsoft = catalog.resolve("microsoft");
        assertEquals(stub.url("/t"), microsoft.tokenEndpoint());
        assertEquals("https://login.microsoftonline.com/common/v2.0", microsoft.issuer());
        assertTrue(microsoft.oidc());
        assertEquals("no request went out", 0, stub.requests.size());
    }

    @Test
    public void invalidOverridesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> catalog(Map.of("github", Map.of("tokenUrl", "https://x/t"))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> catalog(Map.of("github", Map.of("tokenURL", "http://github.internal/token"))));
        assertTrue(e.getMessage(), e.getMessage().contains("https"));
    }

    @Test
    public void unknownOrMalformedValuesAreRefused() {
        ServerCatalog catalog = catalog(null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> catalog.resolve("gitbub"));
        assertTrue(e.getMessage(), e.getMessage().contains("unknown server 'gitbub'"));
        assertThrows(IllegalArgumentException.class, () -> catalog.resolve(null));
        assertThrows(IllegalArgumentException.class, () -> catalog.resolve(42));
        assertThrows(IllegalArgumentException.class, () -> catalog.resolve(List.of("github")));
        assertThrows(IllegalArgumentException.class, () -> catalog.resolve(Map.of()));
        e = assertThrows(IllegalArgumentException.class,
                () -> catalog.resolve(Map.of("authCodeURL", "https://x.example/authorize")));
        assertTrue(e.getMessage(), e.getMessage().contains("tokenURL"));
        e = assertThrows(IllegalArgumentException.class, () -> catalog.resolve(Map.of(
                "authCodeURL", "https://x.example/a", "tokenURL", "https://x.example/t", "tokenUrl", "x")));
        assertTrue(e.getMessage(), e.getMessage().contains("unknown key 'tokenUrl'"));
        assertThrows(IllegalArgumentException.class, () -> catalog.resolve(Map.of(
                "authCodeURL", "https://x.example/a", "tokenURL", 7)));
        assertThrows(IllegalArgumentException.class, () -> catalog.resolve(Map.of(
                "authCodeURL", "https://x.example/a", "tokenURL", "ftp://x.example/t")));
        assertThrows(IllegalArgumentException.class, () -> catalog.resolve(Map.of(
                "authCodeURL", "https://x.example/a", "tokenURL", "http://x.example/t")));
        assertThrows(IllegalArgumentException.class, () -> catalog.resolve(Map.of(
                "authCodeURL", "//evil.example/a", "tokenURL", "//evil.example/t")));
        e = assertThrows(IllegalArgumentException.class, () -> catalog.resolve(Map.of(
                "authCodeURL", "https://x.example/a", "tokenURL", "/t")));
        assertTrue(e.getMessage(), e.getMessage().contains("mixed"));
    }

    @Test
    public void absoluteMapIsAPlainOAuthServer() throws Exception {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("authCodeURL", "https://auth.example/authorize?tenant=a");
        value.put("tokenURL", "https://auth.example/token");
        value.put("userinfoURL", "http://localhost:9000/me");
        ServerCatalog catalog = catalog(null);
        assertFalse(catalog.isPartial(value));
        OAuthServer server = catalog.resolve(value);
        assertEquals("https://auth.example/authorize?tenant=a", server.authorizationEndpoint());
        assertEquals("http://localhost:9000/me", server.userinfoEndpoint());
        assertFalse(server.oidc());
        assertNull(server.issuer());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> catalog.resolve(value, "https://github.example.com"));
        assertTrue(e.getMessage(), e.getMessage().contains("no base URL"));
        assertThrows(IllegalArgumentException.class, () -> catalog.resolve("github", "https://github.example.com"));
    }

    // --- partial servers -----------------------------------------------------------------------------------------

    private static final Map<String, Object> GHE = Map.of(
            "authCodeURL", "/login/oauth/authorize", "tokenURL", "/login/oauth/access_token");

    @Test
    public void partialServerNeedsABaseUrl() throws Exception {
        ServerCatalog catalog = catalog(null);
        assertTrue(catalog.isPartial(GHE));
        assertFalse(catalog.isPartial("github"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> catalog.resolve(GHE));
        assertEquals("this connection type needs a base URL (e.g. https://github.example.com)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> catalog.resolve(GHE, "  "));
        assertEquals(ServerCatalog.PARTIAL_NEEDS_BASE, e.getMessage());

        OAuthServer server = catalog.resolve(GHE, "https://github.example.com/");
        assertEquals("https://github.example.com/login/oauth/authorize", server.authorizationEndpoint());
        assertEquals("https://github.example.com/login/oauth/access_token", server.tokenEndpoint());
        assertFalse(server.oidc());

        OAuthServer withPath = catalog.resolve(GHE, "https://code.example.com/github");
        assertEquals("https://code.example.com/github/login/oauth/authorize", withPath.authorizationEndpoint());
        assertEquals("http://localhost:8080/login/oauth/access_token",
                catalog.resolve(GHE, "http://localhost:8080").tokenEndpoint());
        assertEquals("http://127.0.0.1:8080/login/oauth/access_token",
                catalog.resolve(GHE, "http://127.0.0.1:8080/").tokenEndpoint());
    }

    @Test
    public void invalidBaseUrlsAreRefused() {
        ServerCatalog catalog = catalog(null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> catalog.resolve(GHE, "http://github.example.com"));
        assertTrue(e.getMessage(), e.getMessage().contains("https"));
        assertThrows(IllegalArgumentException.class, () -> catalog.resolve(GHE, "https://github.example.com/?x=1"));
        assertThrows(IllegalArgumentException.class, () -> catalog.resolve(GHE, "https://github.example.com/#top"));
        assertThrows(IllegalArgumentException.class, () -> catalog.resolve(GHE, "github.example.com"));
        assertThrows(IllegalArgumentException.class, () -> catalog.resolve(GHE, "https://user:pw@github.example.com"));
        assertThrows(IllegalArgumentException.class, () -> catalog.resolve(GHE, "javascript:alert(1)"));
    }

    @Test
    public void partialOidcServerIsDiscoveredUnderTheBaseUrl() throws Exception {
        ServerCatalog catalog = catalog(null);
        Map<String, Object> selfManaged = Map.of("issuerURL", "/default");
        assertTrue(catalog.isPartial(selfManaged));
        OAuthServer server = catalog.resolve(selfManaged, mock.baseUrl().toString());
        assertEquals(issuer(), server.issuer());
        assertEquals(mock.tokenEndpointUrl("default").toString(), server.tokenEndpoint());
        assertTrue(server.oidc());
    }
}
