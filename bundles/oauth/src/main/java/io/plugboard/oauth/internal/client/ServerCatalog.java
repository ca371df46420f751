package io.plugboard.oauth.internal.client;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import io.plugboard.api.provider.OAuthServerSpec;
import io.plugboard.api.provider.Provider;

/**
 * Resolves the {@code server} setting of an OAuth2 connection source into an {@link OAuthServer}.
 *
 * <p>Accepted values (as read from YAML/JSON):
 * <ul>
 *   <li>a short name (case-insensitive) that an installed provider declares ({@link Provider#oauthServers()}):
 *       {@code github}, {@code gitlab}, {@code slack}, {@code google}, {@code microsoft}, {@code bitbucket} with the
 *       shipped providers. Each can be overridden from configuration with the keys below;</li>
 *   <li>{@code {authCodeURL, tokenURL}} with absolute URLs (optionally {@code revocationURL}, {@code userinfoURL},
 *       {@code jwksURL}, {@code issuerURL}): a plain OAuth 2.0 server;</li>
 *   <li>{@code {issuerURL}}: OpenID Connect discovery of that issuer (other keys override what was discovered);</li>
 *   <li>the same maps with paths only ({@code /login/oauth/authorize}): a <em>partial</em> server, completed with a
 *       base URL the user gives when starting the connection (GitHub Enterprise, self-managed GitLab).</li>
 * </ul>
 *
 * <p>Endpoint URLs must use https; http is accepted for localhost and 127.0.0.1 only. Discovery documents are
 * cached per issuer for {@link #DISCOVERY_TTL}; failures are not cached.
 *
 * <p>How tokens are revoked, which extra authorization parameters are sent and how the client authenticates come
 * from the declaring provider's {@link OAuthServerSpec}. Thread-safe.
 */
public final class ServerCatalog {

    public static final String AUTH_CODE_URL = OAuthServerSpec.AUTH_CODE_URL;
    public static final String TOKEN_URL = OAuthServerSpec.TOKEN_URL;
    public static final String REVOCATION_URL = OAuthServerSpec.REVOCATION_URL;
    public static final String USERINFO_URL = OAuthServerSpec.USERINFO_URL;
    public static final String ISSUER_URL = OAuthServerSpec.ISSUER_URL;
    public static final String JWKS_URL = OAuthServerSpec.JWKS_URL;
    /** The keys of a server map and of an override. */
    public static final List<String> KEYS = OAuthServerSpec.KEYS;

    /** The servers providers declare, as they are now (providers come and go). */
    public interface Servers {
        /** The server declared under {@code shortName} (lower case). */
        Optional<OAuthServerSpec> find(String shortName);

        /** Every declared short name, for messages. */
        Set<String> shortNames();

        /** The servers provider {@code providerId} declares. */
        List<OAuthServerSpec> declaredBy(String providerId);

        /** Fixed servers: provider id → what it declares (tests). */
        static Servers of(Map<String, List<OAuthServerSpec>> byProvider) {
            return new Servers() {
                public Optional<OAuthServerSpec> find(String shortName) {
                    return byProvider.values().stream().flatMap(List::stream)
                            .filter(spec -> spec.shortName().equals(shortName)).findFirst();
                }

                public Set<String> shortNames() {
                    Set<String> names = new TreeSet<>();
                    byProvider.values().forEach(l -> l.forEach(spec -> names.add(spec.shortName())));
                    return names;
                }

                public List<OAuthServerSpec> declaredBy(String providerId) {
                    return byProvider.getOrDefault(providerId, List.of());
                }
            };
        }

        /** What the {@code providers} declare, looked up each time; the first provider to declare a name wins. */
        static Servers of(java.util.function.Supplier<List<Provider>> providers) {
            return new Servers() {
                public Optional<OAuthServerSpec> find(String shortName) {
                    for (Provider p : providers.get()) {
                        for (OAuthServerSpec spec : p.oauthServers()) {
                            if (spec.shortName().equals(shortName)) {
                                return Optional.of(spec);
                            }
                        }
                    }
                    return Optional.empty();
                }

                public Set<String> shortNames() {
                    Set<String> names = new TreeSet<>();
                    providers.get().forEach(p -> p.oauthServers().forEach(spec -> names.add(spec.shortName())));
                    return names;
                }

                public List<OAuthServerSpec> declaredBy(String providerId) {
                    return providers.get().stream().filter(p -> p.id().equals(providerId)).findFirst()
                            .map(Provider::oauthServers).orElse(List.of());
                }
            };
        }
    }

    /** How long a discovery document is used before it is fetched again. */
    public static final Duration DISCOVERY_TTL = Duration.ofHours(1);
    /** Microsoft's multi-tenant issuer template; see {@link IdTokenValidator}. */
    public static final String TENANT_PLACEHOLDER = "{tenantid}";

    static final String PARTIAL_NEEDS_BASE = "this connection type needs a base URL (e.g. https://github.example.com)";

    private static final Logger LOG = LoggerFactory.getLogger(ServerCatalog.class);
    private static final String WELL_KNOWN = "/.well-known/openid-configuration";
    private static final Set<String> MULTI_TENANT_SEGMENTS = Set.of("common", "organizations");

    /** A parsed {@code server} value: a short name, or a map of URLs (all absolute or all relative). */
    private record Spec(String shortName, Map<String, String> urls, boolean partial) {
    }

    private record Cached(OAuthServer server, Instant fetchedAt) {
    }

    private final Servers servers;
    private final Map<String, Map<String, String>> overrides;
    private final HttpClient http;
    private final Clock clock;
    private final Map<String, Cached> discoveryCache = new ConcurrentHashMap<>();

    /** No short names (server maps only), the JDK HttpClient, the system clock. */
    public ServerCatalog() {
        this(Servers.of(Map.of()), Map.of());
    }

    /**
     * @param servers   the short names providers declare
     * @param overrides short name → ({@code authCodeURL}, {@code tokenURL}, {@code revocationURL}, {@code userinfoURL},
     *                  {@code issuerURL}, {@code jwksURL}) → absolute URL; blank values are ignored; may be null. An
     *                  override of a name no provider declares (yet) is kept and applies once one does.
     * @throws IllegalArgumentException for an unknown key or an invalid URL
     */
    public ServerCatalog(Servers servers, Map<String, Map<String, String>> overrides) {
        this(servers, overrides, EndpointClient.defaultClient(), Clock.systemUTC());
    }

    public ServerCatalog(Servers servers, Map<String, Map<String, String>> overrides, HttpClient http, Clock clock) {
        this.servers = Objects.requireNonNull(servers, "servers");
        this.http = Objects.requireNonNull(http, "http");
        this.clock = Objects.requireNonNull(clock, "clock");
        Map<String, Map<String, String>> checked = new LinkedHashMap<>();
        if (overrides != null) {
            for (Map.Entry<String, Map<String, String>> e : overrides.entrySet()) {
                String name = e.getKey() == null ? "" : e.getKey().trim().toLowerCase(Locale.ROOT);
                Map<String, String> urls = new LinkedHashMap<>();
                if (e.getValue() != null) {
                    for (Map.Entry<String, String> u : e.getValue().entrySet()) {
                        requireKnownKey(u.getKey(), "override of '" + name + "'");
                        if (u.getValue() == null || u.getValue().isBlank()) {
                            continue;
                        }
                        String value = u.getValue().trim();
                        EndpointClient.absoluteUrl(value, name + " " + u.getKey());
                        urls.put(u.getKey(), value);
                    }
                }
                checked.put(name, Collections.unmodifiableMap(urls));
            }
        }
        this.overrides = Collections.unmodifiableMap(checked);
    }

    /** The short names providers declare now. */
    public Set<String> shortNames() {
        return Collections.unmodifiableSet(new TreeSet<>(servers.shortNames()));
    }

    /**
     * Authorization parameters the named server needs beyond the standard ones (Google only issues a refresh token
     * with {@code access_type=offline} and {@code prompt=consent}); empty for a server map. Pass the result as
     * {@code extra} to {@link AuthorizationRequest#build}.
     */
    public Map<String, String> extraAuthorizeParameters(Object server) {
        return declared(server).map(OAuthServerSpec::extraAuthorizeParameters).orElse(Map.of());
    }

    /** How the client authenticates at the token endpoint: the named server's choice, else client_secret_basic. */
    public ClientCredentials.AuthMethod tokenAuthMethod(Object server) {
        return declared(server).map(spec -> spec.tokenAuthMethod() == OAuthServerSpec.TokenAuthMethod.CLIENT_SECRET_POST
                ? ClientCredentials.AuthMethod.CLIENT_SECRET_POST : ClientCredentials.AuthMethod.CLIENT_SECRET_BASIC)
                .orElse(ClientCredentials.AuthMethod.CLIENT_SECRET_BASIC);
    }

    /**
     * How a connection's tokens are revoked: the named server's style; for a server map without an issuer (a
     * self-hosted instance of the connection type's provider, e.g. GitHub Enterprise) the style of the server that
     * provider declares; else RFC 7009.
     */
    public OAuthServerSpec.Revocation revocation(Object server, String providerId) {
        Optional<OAuthServerSpec> named = declared(server);
        if (named.isPresent()) {
            return named.get().revocation();
        }
        if (server instanceof Map<?, ?> map && !map.containsKey(ISSUER_URL)) {
            List<OAuthServerSpec> own = servers.declaredBy(providerId);
            if (own.size() == 1) {
                return own.get(0).revocation();
            }
        }
        return OAuthServerSpec.Revocation.RFC7009;
    }

    private Optional<OAuthServerSpec> declared(Object server) {
        return server instanceof String s ? servers.find(s.trim().toLowerCase(Locale.ROOT)) : Optional.empty();
    }

    /**
     * {@code true} when the value is a map of relative paths, which {@link #resolve(Object, String)} completes with a
     * base URL given by the user.
     *
     * @throws IllegalArgumentException for an unknown short name or a malformed value
     */
    public boolean isPartial(Object server) {
        return parse(server).partial();
    }

    /** {@link #resolve(Object, String)} without a base URL. */
    public OAuthServer resolve(Object server) throws OAuthException {
        return resolve(server, null);
    }

    /**
     * The server for a {@code server} setting.
     *
     * @param server        the setting: a short name or a map (see the class comment)
     * @param baseUrlOrNull for a partial server, the base URL the user gave (https, or http for localhost; no query
     *                      or fragment; a path is kept); must be null for any other server
     * @throws IllegalArgumentException for a malformed value, a partial server without base URL, an invalid base URL,
     *                                  or a base URL given to a server that takes none
     * @throws OAuthException           when OpenID Connect discovery fails or names another issuer
     */
    public OAuthServer resolve(Object server, String baseUrlOrNull) throws OAuthException {
        return resolve(server, baseUrlOrNull, Map.of());
    }

    /**
     * {@link #resolve(Object, String)} with the endpoint overrides of the provider's OAuth client ({@link
     * #usableOverrides}) laid over the server's own URLs: for a short name and for a map of absolute URLs alike.
     * A partial server (paths under a base URL) takes none.
     */
    public OAuthServer resolve(Object server, String baseUrlOrNull, Map<String, String> clientOverrides)
            throws OAuthException {
        Spec spec = parse(server);
        if (spec.shortName() != null) {
            if (baseUrlOrNull != null) {
                throw new IllegalArgumentException("server '" + spec.shortName() + "' is fixed; it takes no base URL");
            }
            OAuthServerSpec declared = servers.find(spec.shortName()).orElseThrow(() -> unknown(spec.shortName()));
            Map<String, String> urls = new LinkedHashMap<>(declared.urls());
            urls.putAll(overrides.getOrDefault(spec.shortName(), Map.of()));
            urls.putAll(clientOverrides);
            boolean discover = declared.discovery()
                    && !(urls.containsKey(AUTH_CODE_URL) && urls.containsKey(TOKEN_URL) && urls.containsKey(JWKS_URL));
            return build(urls, discover, declared.discovery());
        }
        Map<String, String> urls = spec.urls();
        if (spec.partial()) {
            if (baseUrlOrNull == null || baseUrlOrNull.isBlank()) {
                throw new IllegalArgumentException(PARTIAL_NEEDS_BASE);
            }
            String base = normalizeBaseUrl(baseUrlOrNull);
            Map<String, String> joined = new LinkedHashMap<>();
            urls.forEach((k, path) -> joined.put(k, path.equals("/") ? base : base + path));
            urls = joined;
        } else if (baseUrlOrNull != null) {
            throw new IllegalArgumentException("this connection type's server has absolute URLs; it takes no base URL");
        } else if (!clientOverrides.isEmpty()) {
            urls = new LinkedHashMap<>(urls);
            urls.putAll(clientOverrides);
        }
        boolean oidc = urls.containsKey(ISSUER_URL);
        return build(urls, oidc, oidc);
    }

    /**
     * OpenID Connect discovery ({@code <issuer>/.well-known/openid-configuration}), cached for {@link #DISCOVERY_TTL}.
     * The document's {@code issuer} must equal {@code issuer} exactly (Microsoft's multi-tenant {@code common} and
     * {@code organizations} issuers may answer with the {@code {tenantid}} template).
     *
     * @throws IllegalArgumentException for an invalid issuer URL
     * @throws OAuthException           when the document cannot be fetched or is not acceptable
     */
    public OAuthServer discover(String issuer) throws OAuthException {
        URI issuerUri = EndpointClient.absoluteUrl(issuer, "issuer URL");
        if (issuerUri.getRawQuery() != null) {
            throw new IllegalArgumentException("issuer URL must not contain a query: " + issuer);
        }
        String key = issuer.trim();
        Instant now = clock.instant();
        Cached cached = discoveryCache.get(key);
        if (cached != null && now.isBefore(cached.fetchedAt().plus(DISCOVERY_TTL))) {
            return cached.server();
        }
        String what = "OpenID discovery of " + key;
        URI url = URI.create(stripTrailingSlash(key) + WELL_KNOWN);
        EndpointClient.Answer answer = EndpointClient.send(http, EndpointClient.request(url).header("Accept", "application/json").GET().build(), what);
        if (answer.status() != 200) {
            throw new OAuthException(what + " answered HTTP " + answer.status());
        }
        Map<String, Object> doc = EndpointClient.jsonObject(answer.body());
        if (doc == null) {
            throw new OAuthException(what + " did not answer a JSON object");
        }
        Object docIssuer = doc.get("issuer");
        if (!(docIssuer instanceof String)) {
            throw new OAuthException(what + ": the document has no issuer");
        }
        String effectiveIssuer = matchIssuer(key, (String) docIssuer);
        if (effectiveIssuer == null) {
            throw new OAuthException(what + ": the document names another issuer '" + docIssuer
                    + "'; it must be exactly '" + key + "'");
        }
        String authorization = documentUrl(doc, "authorization_endpoint", true, what);
        String token = documentUrl(doc, "token_endpoint", true, what);
        String jwks = documentUrl(doc, "jwks_uri", true, what);
        String revocation = documentUrl(doc, "revocation_endpoint", false, what);
        String userinfo = documentUrl(doc, "userinfo_endpoint", false, what);
        boolean issSupported = Boolean.TRUE.equals(doc.get("authorization_response_iss_parameter_supported"));
        List<String> defaults = new ArrayList<>(List.of("openid"));
        Object supported = doc.get("scopes_supported");
        if (!(supported instanceof List<?> list) || list.contains("offline_access")) {
            // Google lists no offline_access (and refuses it); it wants access_type=offline instead
            defaults.add("offline_access");
        }
        OAuthServer server = new OAuthServer(effectiveIssuer, authorization, token, revocation, userinfo, jwks,
                true, issSupported, defaults);
        discoveryCache.put(key, new Cached(server, now));
        LOG.debug("Discovered OpenID provider {} (iss parameter supported: {})", key, issSupported);
        return server;
    }

    /** Forgets every cached discovery document. */
    public void clearCache() {
        discoveryCache.clear();
    }

    private OAuthServer build(Map<String, String> urls, boolean discover, boolean oidc) throws OAuthException {
        if (discover) {
            OAuthServer d = discover(urls.get(ISSUER_URL));
            return new OAuthServer(d.issuer(),
                    urls.getOrDefault(AUTH_CODE_URL, d.authorizationEndpoint()),
                    urls.getOrDefault(TOKEN_URL, d.tokenEndpoint()),
                    urls.getOrDefault(REVOCATION_URL, d.revocationEndpoint()),
                    urls.getOrDefault(USERINFO_URL, d.userinfoEndpoint()),
                    urls.getOrDefault(JWKS_URL, d.jwksUri()),
                    true, d.issParameterSupported(), d.defaultScopes());
        }
        for (Map.Entry<String, String> e : urls.entrySet()) {
            EndpointClient.absoluteUrl(e.getValue(), e.getKey());
        }
        return new OAuthServer(urls.get(ISSUER_URL), urls.get(AUTH_CODE_URL), urls.get(TOKEN_URL),
                urls.get(REVOCATION_URL), urls.get(USERINFO_URL), urls.get(JWKS_URL), oidc, false,
                oidc ? List.of("openid", "offline_access") : List.of());
    }

    private IllegalArgumentException unknown(String name) {
        return new IllegalArgumentException("unknown server '" + name + "': no installed provider declares it (known: "
                + shortNames() + "); or use a map with " + AUTH_CODE_URL + " and " + TOKEN_URL + ", or " + ISSUER_URL);
    }

    private Spec parse(Object server) {
        if (server == null) {
            throw new IllegalArgumentException("the connection source has no server");
        }
        if (server instanceof String s) {
            String name = s.trim().toLowerCase(Locale.ROOT);
            if (servers.find(name).isEmpty()) {
                throw unknown(s);
            }
            return new Spec(name, null, false);
        }
        if (!(server instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("server must be a short name or a map, not "
                    + server.getClass().getSimpleName());
        }
        Map<String, String> urls = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new IllegalArgumentException("server map keys must be strings");
            }
            requireKnownKey(key, "server");
            if (e.getValue() == null) {
                continue;
            }
            if (!(e.getValue() instanceof String value) || value.isBlank()) {
                throw new IllegalArgumentException("server " + key + " must be a non-empty string");
            }
            urls.put(key, value.trim());
        }
        if (!urls.containsKey(ISSUER_URL) && !(urls.containsKey(AUTH_CODE_URL) && urls.containsKey(TOKEN_URL))) {
            throw new IllegalArgumentException("server needs " + AUTH_CODE_URL + " and " + TOKEN_URL + ", or "
                    + ISSUER_URL);
        }
        int relative = 0;
        for (Map.Entry<String, String> e : urls.entrySet()) {
            URI uri = EndpointClient.parse(e.getValue(), "server " + e.getKey());
            if (uri.getScheme() != null) {
                EndpointClient.absoluteUrl(e.getValue(), "server " + e.getKey());
                continue;
            }
            if (uri.getRawAuthority() != null || e.getValue().startsWith("//")) {
                throw new IllegalArgumentException("server " + e.getKey() + " must be an absolute https URL or a path"
                        + " (relative to the base URL given when connecting): " + e.getValue());
            }
            if (!e.getValue().startsWith("/")) {
                urls.put(e.getKey(), "/" + e.getValue());     // login/oauth/authorize: relative to the base URL
            }
            if (uri.getRawFragment() != null) {
                throw new IllegalArgumentException("server " + e.getKey() + " must not contain a fragment");
            }
            relative++;
        }
        if (relative != 0 && relative != urls.size()) {
            throw new IllegalArgumentException("server URLs must be all absolute or all paths (for a base URL), not mixed");
        }
        return new Spec(null, Collections.unmodifiableMap(urls), relative != 0);
    }

    /** https (http for localhost), a host, no query, fragment or user info; trailing '/' removed. */
    static String normalizeBaseUrl(String baseUrl) {
        URI uri = EndpointClient.absoluteUrl(baseUrl, "base URL");
        if (uri.getRawQuery() != null) {
            throw new IllegalArgumentException("base URL must not contain a query: " + baseUrl);
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority() + stripTrailingSlash(path);
    }

    /**
     * The endpoint overrides of an OAuth client's configuration that can apply: blank values are dropped, and so is
     * each unknown key or invalid URL, after {@code refused} is told the key and why.
     */
    public static Map<String, String> usableOverrides(Map<String, String> raw,
                                                      java.util.function.BiConsumer<String, String> refused) {
        Map<String, String> usable = new LinkedHashMap<>();
        raw.forEach((key, value) -> {
            if (value == null || value.isBlank()) {
                return;
            }
            try {
                requireKnownKey(key, "the endpoint overrides");
                EndpointClient.absoluteUrl(value.trim(), key);
                usable.put(key, value.trim());
            } catch (IllegalArgumentException e) {
                refused.accept(key, e.getMessage());
            }
        });
        return usable;
    }

    private static void requireKnownKey(String key, String where) {
        if (!KEYS.contains(key)) {
            throw new IllegalArgumentException("unknown key '" + key + "' in " + where + "; expected one of " + KEYS);
        }
    }

    private static String stripTrailingSlash(String s) {
        String out = s;
        while (out.endsWith("/")) {
            out = out.substring(0, out.length() - 1);
        }
        return out;
    }

    /** The issuer to use when {@code documentIssuer} is acceptable for {@code configured}, else null. */
    static String matchIssuer(String configured, String documentIssuer) {
        if (configured.equals(documentIssuer)) {
            return documentIssuer;
        }
        if (!documentIssuer.contains(TENANT_PLACEHOLDER)) {
            return null;
        }
        String[] c = configured.split("/", -1);
        String[] d = documentIssuer.split("/", -1);
        if (c.length != d.length) {
            return null;
        }
        int templated = 0;
        for (int i = 0; i < c.length; i++) {
            if (d[i].equals(TENANT_PLACEHOLDER)) {
                if (!MULTI_TENANT_SEGMENTS.contains(c[i])) {
                    return null;
                }
                templated++;
            } else if (!d[i].equals(c[i])) {
                return null;
            }
        }
        return templated == 1 ? documentIssuer : null;
    }

    private static String documentUrl(Map<String, Object> doc, String name, boolean required, String what)
            throws OAuthException {
        Object value = doc.get(name);
        if (value == null) {
            if (required) {
                throw new OAuthException(what + ": the document has no " + name);
            }
            return null;
        }
        if (!(value instanceof String s)) {
            throw new OAuthException(what + ": " + name + " is not a string");
        }
        try {
            EndpointClient.absoluteUrl(s, name);
        } catch (IllegalArgumentException e) {
            throw new OAuthException(what + ": " + e.getMessage());
        }
        return s;
    }
}
