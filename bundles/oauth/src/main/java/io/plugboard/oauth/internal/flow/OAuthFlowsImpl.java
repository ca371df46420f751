package io.plugboard.oauth.internal.flow;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import com.nimbusds.jwt.JWTClaimsSet;
import io.plugboard.api.connection.AccessTokens;
import io.plugboard.api.connection.AuthorizationRequest;
import io.plugboard.api.connection.AuthorizationStatus;
import io.plugboard.api.connection.Connection;
import io.plugboard.api.connection.ConnectionNotFoundException;
import io.plugboard.api.connection.ConnectionRevoker;
import io.plugboard.api.connection.ConnectionService;
import io.plugboard.api.connection.ConnectionSource;
import io.plugboard.api.connection.ConnectionState;
import io.plugboard.api.connection.ConnectionStatus;
import io.plugboard.api.connection.ConnectionType;
import io.plugboard.api.connection.ConnectionTypeRegistry;
import io.plugboard.api.connection.CreatedConnection;
import io.plugboard.api.connection.OAuthFlows;
import io.plugboard.api.connection.ObtainedConnection;
import io.plugboard.api.connection.SourceKind;
import io.plugboard.api.resource.Scope;
import io.plugboard.api.server.SecretValues;
import io.plugboard.api.system.SystemStatus;
import io.plugboard.oauth.internal.client.ClientCredentials;
import io.plugboard.oauth.internal.client.IdTokenValidator;
import io.plugboard.oauth.internal.client.OAuthErrorException;
import io.plugboard.oauth.internal.client.OAuthException;
import io.plugboard.oauth.internal.client.OAuthServer;
import io.plugboard.oauth.internal.client.Pkce;
import io.plugboard.oauth.internal.client.ServerCatalog;
import io.plugboard.oauth.internal.client.TokenClient;
import io.plugboard.oauth.internal.client.TokenResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OAuth2 connection source: attempts (start, login, callback) with single-use tickets and states bound to the
 * browser, PKCE and OpenID Connect validation; access tokens refreshed one at a time per connection; revocation.
 * Nothing here logs a token, code, verifier, ticket, state or cookie.
 */
@Component(service = {OAuthFlows.class, AccessTokens.class, ConnectionRevoker.class, OAuthFlowsImpl.class},
        configurationPid = OAuthSettings.PID, immediate = true)
@Designate(ocd = OAuthSettings.class)
public class OAuthFlowsImpl implements OAuthFlows, AccessTokens, ConnectionRevoker {

    /** EventAdmin topic prefix of connection events ({@code CONNECTED}, {@code FAILED}, {@code NEEDS_REAUTH}). */
    public static final String TOPIC = "plugboard/connections/";
    static final Duration ATTEMPT_LIFETIME = Duration.ofMinutes(10);
    private static final Logger LOG = LoggerFactory.getLogger(OAuthFlowsImpl.class);
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern ENVIRONMENT = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private final AttemptStore attempts;
    private final ConnectionService connections;
    private final ConnectionTypeRegistry types;
    private final TokenClient tokens;
    private final IdTokenValidator idTokens;
    private final SecureRandom random = new SecureRandom();
    private final List<OAuthClient> clients = new CopyOnWriteArrayList<>();
    private final Map<String, CompletableFuture<String>> refreshing = new ConcurrentHashMap<>();
    /** Display-once values of completed attempts, until their first status read (memory only, 10 minutes at most). */
    private final Map<String, Shown> displayOnce = new ConcurrentHashMap<>();

    private record Shown(Map<String, Object> values, Instant until) {
    }
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "plugboard-oauth-refresh");
        t.setDaemon(true);
        return t;
    });
    private volatile ServerCatalog catalog = new ServerCatalog();
    private volatile OAuthSettings settings;
    private ScheduledFuture<?> periodic;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin events;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile SecretValues secrets;

    @Activate
    public OAuthFlowsImpl(@Reference(target = "(dataSourceName=plugboard)") DataSource dataSource,
                          @Reference SystemStatus migratedSchema, @Reference ConnectionService connections,
                          @Reference ConnectionTypeRegistry types, OAuthSettings settings) {
        this(new AttemptStore(dataSource), connections, types, new TokenClient(), new IdTokenValidator(), settings);
        schedule();
    }

    OAuthFlowsImpl(AttemptStore attempts, ConnectionService connections, ConnectionTypeRegistry types, TokenClient tokens,
                   IdTokenValidator idTokens, OAuthSettings settings) {
        this.attempts = attempts;
        this.connections = connections;
        this.types = types;
        this.tokens = tokens;
        this.idTokens = idTokens;
        this.settings = settings;
    }

    @Modified
    void modified(OAuthSettings settings) {
        this.settings = settings;
        schedule();
    }

    @Deactivate
    void deactivate() {
        scheduler.shutdownNow();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addClient(OAuthClient client) {
        clients.add(client);
        rebuildCatalog();
    }

    void removeClient(OAuthClient client) {
        clients.remove(client);
        rebuildCatalog();
    }

    /** Endpoint overrides of a provider's client apply to the short-name server of the same name. */
    private void rebuildCatalog() {
        Map<String, Map<String, String>> overrides = new LinkedHashMap<>();
        for (OAuthClient c : clients) {
            if (!c.overrides.isEmpty() && c.baseUrl.isEmpty()) {
                overrides.put(c.provider, c.overrides);
            }
        }
        catalog = new ServerCatalog(overrides);
    }

    private synchronized void schedule() {
        if (periodic != null) {
            periodic.cancel(false);
            periodic = null;
        }
        long every = settings.refreshIntervalSeconds();
        if (every > 0 && !scheduler.isShutdown()) {
            periodic = scheduler.scheduleWithFixedDelay(this::refreshDue, every, every, TimeUnit.SECONDS);
        }
    }

    // ---- start --------------------------------------------------------------------------------------

    @Override
    public AuthorizationStatus start(AuthorizationRequest request) {
        ConnectionType type = types.find(request.type()).orElseThrow(() -> new ConnectionNotFoundException(
                "No connection type " + request.type() + " (is provider '" + request.type().provider() + "' active?)."));
        ConnectionSource source = oauthSource(type, request.source());
        if (!NAME.matcher(request.name()).matches()) {
            throw new IllegalArgumentException("'" + request.name() + "' is not a valid connection name: lower-case "
                    + "letters, digits and '-', at most 63");
        }
        String baseUrl = OAuthClient.trimSlash(request.baseUrl());
        OAuthServer server = server(source, baseUrl);
        client(type.ref().provider(), baseUrl);
        String environment = request.environment() == null || request.environment().isBlank() ? null : request.environment();
        if (environment != null && !environment.equals(settings.environment())
                && !Environments.parse(settings.environments()).containsKey(environment)) {
            throw new IllegalArgumentException("Unknown environment '" + environment + "': configure it in environments of "
                    + "etc/" + OAuthSettings.PID + ".cfg");
        }
        if (request.signupToken() != null && request.signupToken().length() < 16) {
            throw new IllegalArgumentException("signupToken must be at least 16 characters (it is the only secret of the poll)");
        }
        Instant now = Instant.now();
        String ticket = Pkce.randomToken(random, 32);
        Attempt attempt = new Attempt(UUID.randomUUID().toString(), type.ref().provider(), type.ref(), request.name(),
                source.name(), request.scope(), baseUrl.isEmpty() ? null : baseUrl, environment, null, null, null, null,
                Attempt.Status.PENDING, "", null, now, now.plus(ATTEMPT_LIFETIME));
        attempts.insert(attempt, Pkce.sha256(ticket), request.signupToken() == null ? null : Pkce.sha256(request.signupToken()));
        LOG.info("OAuth attempt {} started for connection {} '{}' ({}; server {})", attempt.id(), type.ref(), request.name(),
                request.scope(), server.authorizationEndpoint());
        URI login = URI.create(OAuthClient.trimSlash(settings.publicUrl()) + "/integration/" + attempt.provider()
                + "/login?ticket=" + ticket);
        return new AuthorizationStatus(attempt.id(), login, attempt.expiresAt(), AuthorizationStatus.State.PENDING, "", null,
                null);
    }

    private static ConnectionSource oauthSource(ConnectionType type, String name) {
        Optional<ConnectionSource> source = name == null || name.isEmpty()
                ? type.sources().stream().filter(s -> s.kind() == SourceKind.OAUTH2).findFirst()
                : type.source(name);
        if (source.isEmpty()) {
            throw new ConnectionNotFoundException("Connection type " + type.ref() + " has no "
                    + (name == null || name.isEmpty() ? "OAuth2 source" : "source '" + name + "'") + ".");
        }
        if (source.get().kind() != SourceKind.OAUTH2) {
            throw new IllegalArgumentException("Source '" + source.get().name() + "' of " + type.ref()
                    + " is a form: create the connection with POST /api/v1/connections.");
        }
        return source.get();
    }

    private OAuthServer server(ConnectionSource source, String baseUrl) {
        Object server = source.settings().get("server");
        if (server == null) {
            throw new IllegalArgumentException("Source '" + source.name() + "' names no OAuth server (source.server).");
        }
        try {
            return catalog.resolve(server, baseUrl == null || baseUrl.isEmpty() ? null : baseUrl);
        } catch (OAuthException e) {
            throw new IllegalArgumentException("The OAuth server cannot be used: " + e.getMessage(), e);
        }
    }

    private OAuthClient client(String provider, String baseUrl) {
        String base = baseUrl == null ? "" : baseUrl;
        for (OAuthClient c : clients) {
            if (c.provider.equals(provider) && c.baseUrl.equals(base)) {
                return c;
            }
        }
        throw new IllegalArgumentException("No OAuth client is configured for provider '" + provider + "'"
                + (base.isEmpty() ? "" : " at " + base) + ": create etc/" + OAuthClientConfig.FACTORY_PID + "-" + provider
                + ".cfg with provider, clientId and clientSecretRef" + (base.isEmpty() ? "" : " and baseUrl=" + base) + ".");
    }

    private ClientCredentials credentials(OAuthClient client, Object server) {
        String secret = client.clientSecret;
        if (!client.clientSecretRef.isEmpty()) {
            int slash = client.clientSecretRef.indexOf('/');
            SecretValues s = secrets;
            if (slash < 1 || s == null) {
                throw new IllegalStateException("clientSecretRef of the " + client.provider + " OAuth client cannot be read "
                        + "(expected <secret>/<key>)");
            }
            secret = s.value(Scope.of(null, null), client.clientSecretRef.substring(0, slash),
                    client.clientSecretRef.substring(slash + 1)).orElseThrow(() -> new IllegalStateException(
                    "clientSecretRef of the " + client.provider + " OAuth client names no secret value"));
        }
        return new ClientCredentials(client.clientId, secret, ServerCatalog.tokenAuthMethod(server));
    }

    @Override
    public Optional<AuthorizationStatus> status(String attemptId) {
        return attempts.byId(attemptId).map(this::status);
    }

    AuthorizationStatus status(Attempt a) {
        AuthorizationStatus.State state;
        switch (a.status()) {
            case DONE: state = AuthorizationStatus.State.DONE; break;
            case FAILED: state = AuthorizationStatus.State.FAILED; break;
            default: state = a.expired(Instant.now()) ? AuthorizationStatus.State.EXPIRED : AuthorizationStatus.State.PENDING;
        }
        Connection connection = a.connectionUid() == null ? null : connections.get(a.connectionUid()).orElse(null);
        Shown shown = state == AuthorizationStatus.State.DONE ? displayOnce.remove(a.id()) : null;
        return new AuthorizationStatus(a.id(), null, a.expiresAt(), state, a.reason(), connection,
                shown == null ? null : shown.values());
    }

    /** The attempt a sign-up token polls. */
    public Optional<AuthorizationStatus> signupStatus(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        return attempts.bySignupHash(Pkce.sha256(token)).map(this::status);
    }

    // ---- login --------------------------------------------------------------------------------------

    /** The outcome of a browser step: a redirect (with a cookie to set) or a failure page. */
    public record Step(URI redirect, String cookie, int status, String failure) {
        public static Step fail(int status, String message) {
            return new Step(null, null, status, message);
        }
    }

    public Step login(String provider, String ticket) {
        if (ticket == null || ticket.isEmpty()) {
            return Step.fail(400, "This login link has no ticket. Start again from Plugboard.");
        }
        String state = Pkce.randomToken(random, 32);
        String browser = Pkce.randomToken(random, 32);
        Pkce pkce = Pkce.create(random);
        String nonce = Pkce.randomToken(random, 32);
        String redirectUri = callbackUri(provider);
        Instant now = Instant.now();
        // the environment travels in the state so that one auth origin can forward the callback
        Optional<Attempt> peek = attempts.byId(attemptIdOfTicket(ticket));
        String env = peek.map(Attempt::environment).orElse(null);
        if (env == null && !settings.environment().isBlank()) {
            env = settings.environment();
        }
        String fullState = env == null ? state : env + "." + state;
        Optional<Attempt> attempt = attempts.consumeTicket(Pkce.sha256(ticket), Pkce.sha256(fullState), Pkce.sha256(browser),
                redirectUri, pkce.verifier(), nonce, now);
        if (attempt.isEmpty()) {
            return Step.fail(400, "This login link is not valid: it was already used, has expired (links last 10 minutes) "
                    + "or was never issued. Start again from Plugboard.");
        }
        Attempt a = attempt.get();
        if (!a.provider().equals(provider)) {
            attempts.finish(a.id(), Attempt.Status.FAILED, "the login link was opened for another provider", null);
            return Step.fail(400, "This login link belongs to another provider.");
        }
        try {
            ConnectionType type = types.find(a.type()).orElseThrow(() -> new IllegalStateException(
                    "connection type " + a.type() + " is not available any more"));
            ConnectionSource source = oauthSource(type, a.source());
            OAuthServer server = server(source, a.baseUrl());
            OAuthClient client = client(provider, a.baseUrl());
            List<String> scopes = new ArrayList<>();
            if (source.settings().get("scopes") instanceof List<?> list) {
                list.forEach(s -> scopes.add(String.valueOf(s)));
            }
            URI authorize = io.plugboard.oauth.internal.client.AuthorizationRequest.build(server, client.clientId, redirectUri, scopes,
                    fullState, pkce, server.oidc() ? nonce : null,
                    ServerCatalog.extraAuthorizeParameters(source.settings().get("server")));
            LOG.info("OAuth attempt {}: browser sent to {}", a.id(), server.authorizationEndpoint());
            return new Step(authorize, browser, 302, null);
        } catch (RuntimeException e) {
            attempts.finish(a.id(), Attempt.Status.FAILED, String.valueOf(e.getMessage()), null);
            LOG.warn("OAuth attempt {}: the login cannot start: {}", a.id(), e.toString());
            return Step.fail(503, "The login cannot start: " + e.getMessage());
        }
    }

    /** Tickets are random; the attempt id is found by the ticket's hash (no id in the link). */
    private String attemptIdOfTicket(String ticket) {
        return attempts.idByTicketHash(Pkce.sha256(ticket)).orElse("");
    }

    public String callbackUri(String provider) {
        String origin = settings.authOrigin().isBlank() ? settings.publicUrl() : settings.authOrigin();
        return OAuthClient.trimSlash(origin) + "/integration/" + provider + "/callback";
    }

    // ---- callback -----------------------------------------------------------------------------------

    public Step callback(String provider, Map<String, String> params, String rawQuery, String cookie) {
        String state = params.get("state");
        if (state == null || state.isEmpty()) {
            return Step.fail(400, "The callback has no state: it did not come from a login Plugboard started.");
        }
        int dot = state.indexOf('.');
        if (dot > 0) {
            String env = state.substring(0, dot);
            if (!env.equals(settings.environment())) {
                String target = Environments.parse(settings.environments()).get(env);
                if (target == null || !ENVIRONMENT.matcher(env).matches()) {
                    return Step.fail(400, "The callback names an environment this server does not forward to.");
                }
                LOG.info("OAuth callback for environment {} forwarded to {}", env, target);
                return new Step(URI.create(target + "/integration/" + provider + "/callback?" + rawQuery), null, 302, null);
            }
        }
        Optional<Attempt> consumed = attempts.consumeState(Pkce.sha256(state));
        if (consumed.isEmpty()) {
            return Step.fail(400, "This callback's state is unknown or was already used (or tampered with). Start again "
                    + "from Plugboard.");
        }
        Attempt a = consumed.get();
        String refused = checks(a, provider, params, cookie);
        if (refused != null) {
            return failed(a, refused);
        }
        try {
            CreatedConnection created = complete(a, params.get("code"), params.get("iss"));
            Connection connection = created.connection();
            if (!created.displayOnce().isEmpty()) {
                displayOnce.put(a.id(), new Shown(created.displayOnce(), Instant.now().plus(ATTEMPT_LIFETIME)));
            }
            attempts.finish(a.id(), Attempt.Status.DONE, "", connection.uid());
            post("CONNECTED", a, connection.uid(), "");
            String target = settings.successUrl().isBlank()
                    ? OAuthClient.trimSlash(settings.publicUrl()) + "/integration/done?provider=" + provider
                    : settings.successUrl();
            return new Step(URI.create(target), null, 302, null);
        } catch (OAuthException | RuntimeException e) {
            return failed(a, e.getMessage());
        }
    }

    /** The checks on a consumed state, in order; the first refusal, or {@code null}. */
    private String checks(Attempt a, String provider, Map<String, String> params, String cookie) {
        if (a.expired(Instant.now())) {
            return "the login took longer than 10 minutes (the state expired)";
        }
        if (!a.provider().equals(provider)) {
            return "the state belongs to a login with another provider";
        }
        if (cookie == null || cookie.isEmpty() || a.browserHash() == null
                || !Pkce.constantTimeEquals(Pkce.sha256(cookie), a.browserHash())) {
            return "the callback came from another browser than the login (the login cookie is missing or different)";
        }
        String error = params.get("error");
        if (error != null) {
            String description = params.get("error_description");
            return "the provider answered error=" + clip(error) + (description == null ? "" : " (" + clip(description) + ")");
        }
        if (params.get("code") == null || params.get("code").isEmpty()) {
            return "the callback has no authorization code";
        }
        return null;
    }

    private static String clip(String s) {
        String t = s.replaceAll("[^\\p{Print}]", "?");
        return t.length() > 200 ? t.substring(0, 200) + "..." : t;
    }

    private Step failed(Attempt a, String reason) {
        attempts.finish(a.id(), Attempt.Status.FAILED, reason, null);
        post("FAILED", a, null, reason);
        LOG.warn("OAuth attempt {} for connection {} '{}' failed: {}", a.id(), a.type(), a.name(), reason);
        return Step.fail(400, "The connection was not made: " + reason + ".");
    }

    private CreatedConnection complete(Attempt a, String code, String iss) throws OAuthException {
        ConnectionType type = types.find(a.type()).orElseThrow(() -> new IllegalStateException(
                "connection type " + a.type() + " is not available any more"));
        ConnectionSource source = oauthSource(type, a.source());
        Object serverSpec = source.settings().get("server");
        OAuthServer server = server(source, a.baseUrl());
        if (server.issParameterSupported() && iss == null) {
            throw new OAuthException("the provider announces the iss parameter (RFC 9207) but the callback has none");
        }
        if (iss != null && server.issuer() != null && !iss.equals(server.issuer())) {
            throw new OAuthException("the callback's iss does not name the server the login went to (RFC 9207)");
        }
        OAuthClient client = client(a.provider(), a.baseUrl());
        ClientCredentials credentials = credentials(client, serverSpec);
        TokenResponse response = tokens.exchangeCode(server, credentials, code, a.redirectUri(), a.codeVerifier());
        Map<String, String> subject = new LinkedHashMap<>();
        if (server.oidc()) {
            if (response.idToken() == null) {
                throw new OAuthException("the OpenID Connect server returned no id_token");
            }
            JWTClaimsSet claims = idTokens.validate(response.idToken(), server, client.clientId, a.nonce());
            subject.putAll(IdTokenValidator.subject(claims));
        }
        if (server.userinfoEndpoint() != null && (subject.size() <= 1)) {
            try {
                idTokens.userinfo(server, response.accessToken()).forEach(subject::putIfAbsent);
            } catch (OAuthException e) {
                LOG.info("OAuth attempt {}: userinfo not read: {}", a.id(), e.getMessage());
            }
        }
        Map<String, Object> storage = storage(response, a.baseUrl(), null);
        CreatedConnection created = connections.store(new ObtainedConnection(a.type(), a.name(), a.source(), a.scope(),
                storage, subject));
        if (subject.isEmpty() && type.probe() != null) {
            created = new CreatedConnection(connections.test(created.connection().uid()), created.displayOnce());
        }
        LOG.info("OAuth attempt {}: connection {} '{}' stored", a.id(), a.type(), a.name());
        return created;
    }

    /** What an OAuth2 connection stores: the token response, the expiry as epoch seconds, the base URL if any. */
    static Map<String, Object> storage(TokenResponse response, String baseUrl, Map<String, Object> previous) {
        Map<String, Object> storage = new LinkedHashMap<>();
        storage.put("access_token", response.accessToken());
        storage.put("token_type", "Bearer");
        String refresh = response.refreshToken() != null ? response.refreshToken()
                : previous == null ? null : (String) previous.get("refresh_token");
        if (refresh != null) {
            storage.put("refresh_token", refresh);
        }
        if (response.expiresAt() != null) {
            storage.put("expires_at", response.expiresAt().getEpochSecond());
        }
        if (!response.scopes().isEmpty()) {
            storage.put("scope", String.join(" ", response.scopes()));
        }
        if (baseUrl != null && !baseUrl.isEmpty()) {
            storage.put("base_url", baseUrl);
        }
        return storage;
    }

    private void post(String what, Attempt a, String connectionUid, String reason) {
        EventAdmin admin = events;
        if (admin == null) {
            return;
        }
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("attempt", a.id());
        props.put("type", a.type().toString());
        props.put("name", a.name());
        props.put("organization", a.scope().organization());
        if (connectionUid != null) {
            props.put("connection", connectionUid);
        }
        props.put("reason", reason);
        admin.postEvent(new Event(TOPIC + what, (java.util.Map<String, Object>) props));
    }

    // ---- access tokens and refresh ------------------------------------------------------------------

    @Override
    public String accessToken(String connectionUid) {
        Map<String, Object> storage = connections.storage(connectionUid);
        Instant horizon = Instant.now().plusSeconds(60);
        if (!expiring(storage, horizon)) {
            return (String) storage.get("access_token");
        }
        return singleFlight(connectionUid, current -> expiring(current, horizon));
    }

    @Override
    public String refreshedAccessToken(String connectionUid, String rejectedToken) {
        return singleFlight(connectionUid, current -> java.util.Objects.equals(current.get("access_token"), rejectedToken));
    }

    /** One refresh per connection at a time in this JVM; callers that arrive meanwhile get its result. */
    private String singleFlight(String connectionUid, java.util.function.Predicate<Map<String, Object>> due) {
        CompletableFuture<String> mine = new CompletableFuture<>();
        CompletableFuture<String> running = refreshing.putIfAbsent(connectionUid, mine);
        if (running != null) {
            return join(running);
        }
        try {
            mine.complete(refresh(connectionUid, due));
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
        } finally {
            refreshing.remove(connectionUid, mine);
        }
        return join(mine);
    }

    private static String join(CompletableFuture<String> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a token refresh");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    static boolean expiring(Map<String, Object> storage, Instant horizon) {
        Object expires = storage.get("expires_at");
        return expires instanceof Number n && !Instant.ofEpochSecond(n.longValue()).isAfter(horizon);
    }

    /**
     * Refreshes under the connection's row lock when the stored token is {@code due}: a server that waited for the lock
     * finds the fresh token and stops.
     */
    private String refresh(String uid, java.util.function.Predicate<Map<String, Object>> due) {
        Connection connection = connections.get(uid).orElseThrow(() ->
                new ConnectionNotFoundException("No connection with id '" + uid + "'."));
        ConnectionType type = types.find(connection.type()).orElseThrow(() -> new IllegalStateException(
                "connection type " + connection.type() + " is not available: its token cannot be refreshed"));
        ConnectionSource source = oauthSource(type, connection.source());
        String[] refused = {null};
        Map<String, Object> stored = connections.updateStorage(uid, current -> {
            if (!due.test(current)) {
                return current;                       // refreshed meanwhile (by another thread or server)
            }
            Object refreshToken = current.get("refresh_token");
            if (!(refreshToken instanceof String rt)) {
                refused[0] = "the token expired and there is no refresh token";
                return current;
            }
            String baseUrl = (String) current.get("base_url");
            try {
                OAuthServer server = server(source, baseUrl);
                TokenResponse response = tokens.refresh(server, credentials(client(connection.type().provider(), baseUrl),
                        source.settings().get("server")), rt);
                LOG.info("Refreshed the access token of connection {} '{}'", connection.type(), connection.name());
                return storage(response, baseUrl, current);
            } catch (OAuthErrorException e) {
                if (e.isInvalidGrant()) {
                    refused[0] = "the provider refused the refresh token (invalid_grant): connect again";
                    return current;
                }
                throw new IllegalStateException("refreshing the token failed: " + e.getMessage(), e);
            } catch (OAuthException e) {
                throw new IllegalStateException("refreshing the token failed: " + e.getMessage(), e);
            }
        });
        if (refused[0] != null) {
            connections.setStatus(uid, new ConnectionStatus(ConnectionState.NeedsReauth, refused[0], Instant.now()));
            EventAdmin admin = events;
            if (admin != null) {
                Hashtable<String, Object> props = new Hashtable<>();
                props.put("connection", uid);
                props.put("type", connection.type().toString());
                props.put("name", connection.name());
                props.put("reason", refused[0]);
                admin.postEvent(new Event(TOPIC + "NEEDS_REAUTH", (java.util.Map<String, Object>) props));
            }
            LOG.warn("Connection {} '{}' needs to be connected again: {}", connection.type(), connection.name(), refused[0]);
            throw new IllegalStateException("Connection " + connection.type() + " '" + connection.name() + "': " + refused[0]);
        }
        return (String) stored.get("access_token");
    }

    /** The background refresh: every OAuth2 connection whose token expires soon. */
    void refreshDue() {
        Instant horizon = Instant.now().plusSeconds(settings.refreshBeforeSeconds());
        for (Connection c : connections.list(null, null)) {
            if (c.status().state() == ConnectionState.NeedsReauth) {
                continue;
            }
            Optional<ConnectionType> type = types.find(c.type());
            if (type.isEmpty() || type.get().source(c.source()).map(s -> s.kind() != SourceKind.OAUTH2).orElse(true)) {
                continue;
            }
            try {
                if (expiring(connections.storage(c.uid()), horizon)) {
                    singleFlight(c.uid(), current -> expiring(current, horizon));
                }
            } catch (RuntimeException e) {
                LOG.warn("Background refresh of connection {} '{}' failed: {}", c.type(), c.name(), e.getMessage());
            }
        }
        attempts.purge(Instant.now().minus(Duration.ofDays(1)));
        Instant now = Instant.now();
        displayOnce.values().removeIf(shown -> now.isAfter(shown.until()));
    }

    // ---- revocation ---------------------------------------------------------------------------------

    @Override
    public boolean revokes(ConnectionType type, ConnectionSource source) {
        return source.kind() == SourceKind.OAUTH2;
    }

    @Override
    public void revoke(Connection connection, ConnectionType type, Map<String, Object> storage) throws Exception {
        ConnectionSource source = oauthSource(type, connection.source());
        String baseUrl = (String) storage.get("base_url");
        OAuthServer server = server(source, baseUrl);
        if (server.revocationEndpoint() == null && isGitHub(connection, source)) {
            OAuthClient client = client(connection.type().provider(), baseUrl);
            String api = client.overrides.getOrDefault("revocationURL",
                    baseUrl == null || baseUrl.isEmpty() ? "https://api.github.com" : baseUrl + "/api/v3");
            tokens.revokeGitHubToken(api, credentials(client, source.settings().get("server")),
                    (String) storage.get("access_token"));
            return;
        }
        if (server.revocationEndpoint() == null) {
            LOG.info("Connection {} '{}': the server has no revocation endpoint; tokens not revoked", connection.type(),
                    connection.name());
            return;
        }
        ClientCredentials credentials = credentials(client(connection.type().provider(), baseUrl), source.settings().get("server"));
        // revoking the refresh token ends the grant, access tokens included (RFC 7009 2.1); without one, the access token
        Object refresh = storage.get("refresh_token");
        if (refresh instanceof String rt) {
            tokens.revoke(server, credentials, rt, "refresh_token");
            return;
        }
        try {
            tokens.revoke(server, credentials, (String) storage.get("access_token"), "access_token");
        } catch (OAuthErrorException e) {
            if (!"unsupported_token_type".equals(e.error())) {
                throw e;
            }
            LOG.info("Connection {} '{}': the server does not revoke access tokens (unsupported_token_type); it expires "
                    + "on its own", connection.type(), connection.name());
        }
    }

    /**
     * GitHub's own login (short name {@code github}, or a GitHub Enterprise partial server of the github provider):
     * tokens are deleted with GitHub's API, not RFC 7009. {@code revocationURL} in the client's cfg overrides the API base.
     */
    private static boolean isGitHub(Connection connection, ConnectionSource source) {
        Object server = source.settings().get("server");
        return "github".equals(server) || ("github".equals(connection.type().provider()) && server instanceof Map<?, ?>
                && !((Map<?, ?>) server).containsKey("issuerURL"));
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
