package io.plugboard.oauth.internal.flow;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import com.nimbusds.jwt.JWTClaimsSet;
import io.plugboard.api.cluster.SharedValues;
import io.plugboard.api.server.PublicUrl;
import io.plugboard.api.connection.AuthorizationRequest;
import io.plugboard.api.connection.AuthorizationStatus;
import io.plugboard.api.connection.Connection;
import io.plugboard.api.connection.ConnectionNotFoundException;
import io.plugboard.api.connection.ConnectionService;
import io.plugboard.api.connection.ConnectionType;
import io.plugboard.api.connection.ConnectionTypeRegistry;
import io.plugboard.api.connection.CreatedConnection;
import io.plugboard.api.connection.OAuthFlows;
import io.plugboard.api.connection.ObtainedConnection;
import io.plugboard.api.system.SystemStatus;
import io.plugboard.oauth.internal.client.IdTokenValidator;
import io.plugboard.oauth.internal.client.OAuthException;
import io.plugboard.oauth.internal.client.OAuthServer;
import io.plugboard.oauth.internal.client.Pkce;
import io.plugboard.oauth.internal.client.TokenClient;
import io.plugboard.oauth.internal.client.TokenResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
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
 * The OAuth2 login of a connection, in three steps: {@link #start} (a single-use ticket in a login link), {@link
 * #login} (the browser goes to the provider with a state bound to it by a cookie, PKCE and, for OpenID Connect, a
 * nonce) and {@link #callback} (the code is exchanged, the ID token validated, the connection stored). Nothing here
 * logs a token, code, verifier, ticket, state or cookie.
 */
@Component(service = {OAuthFlows.class, BrowserFlow.class}, configurationPid = OAuthSettings.PID, immediate = true)
@Designate(ocd = OAuthSettings.class)
public class LoginFlow implements OAuthFlows, BrowserFlow {

    /** EventAdmin topic prefix of connection events ({@code CONNECTED}, {@code FAILED}, {@code NEEDS_REAUTH}). */
    public static final String TOPIC = "plugboard/connections/";
    static final Duration MIN_ATTEMPT_LIFETIME = Duration.ofMinutes(1);
    static final Duration MAX_ATTEMPT_LIFETIME = Duration.ofDays(1);
    private static final Logger LOG = LoggerFactory.getLogger(LoginFlow.class);
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern ENVIRONMENT = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    /** Finished attempts are kept this long (their status can be read), then purged by a later start. */
    private static final Duration KEEP_ATTEMPTS = Duration.ofDays(1);

    private final AttemptStore attempts;
    private final ConnectionService connections;
    private final ConnectionTypeRegistry types;
    private final OAuthServers servers;
    private final TokenClient tokens = new TokenClient();
    private final IdTokenValidator idTokens = new IdTokenValidator();
    private final SecureRandom random = new SecureRandom();
    private final DisplayOnce displayOnce;
    private final PublicUrl publicUrl;
    private volatile OAuthSettings settings;
    private volatile Instant lastPurge = Instant.EPOCH;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin events;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile io.plugboard.api.metrics.Metrics metrics;

    @Activate
    public LoginFlow(@Reference(target = "(dataSourceName=plugboard)") DataSource dataSource,
                     @Reference SystemStatus migratedSchema, @Reference ConnectionService connections,
                     @Reference ConnectionTypeRegistry types, @Reference OAuthServers servers, OAuthSettings settings,
                     @Reference SharedValues shared, @Reference PublicUrl publicUrl, Map<String, Object> properties) {
        this.attempts = new AttemptStore(dataSource);
        this.publicUrl = publicUrl;
        this.displayOnce = new DisplayOnce(shared, this::attemptLifetime);
        warnAboutRetiredKeys(properties);
        this.connections = connections;
        this.types = types;
        this.servers = servers;
        this.settings = settings;
    }

    @Modified
    void modified(OAuthSettings settings, Map<String, Object> properties) {
        this.settings = settings;
        warnAboutRetiredKeys(properties);
    }

    /** {@code publicUrl} moved to etc/io.plugboard.core.cfg: one place for every bundle. */
    private static void warnAboutRetiredKeys(Map<String, Object> properties) {
        if (properties != null && properties.get("publicUrl") != null) {
            LOG.warn("publicUrl in etc/{}.cfg is no longer read: set it once, in etc/io.plugboard.core.cfg",
                    OAuthSettings.PID);
        }
    }

    /** How long a login link and the login it starts stay valid ({@code attemptLifetimeSeconds}). */
    @Override
    public Duration attemptLifetime() {
        Duration configured = Duration.ofSeconds(settings.attemptLifetimeSeconds());
        if (configured.compareTo(MIN_ATTEMPT_LIFETIME) < 0) {
            return MIN_ATTEMPT_LIFETIME;
        }
        return configured.compareTo(MAX_ATTEMPT_LIFETIME) > 0 ? MAX_ATTEMPT_LIFETIME : configured;
    }

    // ---- start --------------------------------------------------------------------------------------

    @Override
    public AuthorizationStatus start(AuthorizationRequest request) {
        ConnectionType type = types.find(request.type()).orElseThrow(() -> new ConnectionNotFoundException(
                "No connection type " + request.type() + " (is provider '" + request.type().provider() + "' active?)."));
        OAuthServers.oauthSource(type, request.source());
        if (!NAME.matcher(request.name()).matches()) {
            throw new IllegalArgumentException("'" + request.name() + "' is not a valid connection name: lower-case "
                    + "letters, digits and '-', at most 63");
        }
        String baseUrl = OAuthClient.trimSlash(request.baseUrl());
        OAuthServers.Resolved resolved = servers.resolve(type, request.source(), baseUrl);
        String environment = request.environment() == null || request.environment().isBlank() ? null : request.environment();
        if (environment != null && !environment.equals(settings.environment())
                && !Environments.parse(settings.environments()).containsKey(environment)) {
            throw new IllegalArgumentException("Unknown environment '" + environment + "': configure it in environments of "
                    + "etc/" + OAuthSettings.PID + ".cfg");
        }
        if (request.signupToken() != null && request.signupToken().length() < 16) {
            throw new IllegalArgumentException("signupToken must be at least 16 characters (it is the only secret of the poll)");
        }
        purgeOldAttempts();
        Instant now = Instant.now();
        String ticket = Pkce.randomToken(random, 32);
        Attempt attempt = new Attempt(UUID.randomUUID().toString(), type.ref().provider(), type.ref(), request.name(),
                resolved.source().name(), request.scope(), resolved.baseUrl(), environment, null, null, null, null,
                Attempt.Status.PENDING, "", null, now, now.plus(attemptLifetime()));
        attempts.insert(attempt, Pkce.sha256(ticket), request.signupToken() == null ? null : Pkce.sha256(request.signupToken()));
        LOG.info("OAuth attempt {} started for connection {} '{}' ({}; server {})", attempt.id(), type.ref(), request.name(),
                request.scope(), resolved.server().authorizationEndpoint());
        URI login = URI.create(publicUrl.value() + "/integration/" + attempt.provider()
                + "/login?ticket=" + ticket);
        return new AuthorizationStatus(attempt.id(), login, attempt.expiresAt(), AuthorizationStatus.State.PENDING, "", null,
                null);
    }

    /** At most hourly, on the way: attempts finished or expired a day ago. */
    private void purgeOldAttempts() {
        Instant now = Instant.now();
        if (now.isAfter(lastPurge.plus(Duration.ofHours(1)))) {
            lastPurge = now;
            attempts.purge(now.minus(KEEP_ATTEMPTS));
        }
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
        Map<String, Object> shown = state == AuthorizationStatus.State.DONE ? displayOnce.take(a.id()) : null;
        return new AuthorizationStatus(a.id(), null, a.expiresAt(), state, a.reason(), connection, shown);
    }

    @Override
    public Optional<AuthorizationStatus> signupStatus(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        return attempts.bySignupHash(Pkce.sha256(token)).map(this::status);
    }

    // ---- login --------------------------------------------------------------------------------------

    @Override
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
            OAuthServers.Resolved r = servers.resolve(a.type(), a.source(), a.baseUrl());
            List<String> scopes = new ArrayList<>();
            if (r.source().settings().get("scopes") instanceof List<?> list) {
                list.forEach(s -> scopes.add(String.valueOf(s)));
            }
            OAuthServer server = r.server();
            URI authorize = io.plugboard.oauth.internal.client.AuthorizationRequest.build(server, r.client().clientId,
                    redirectUri, scopes, fullState, pkce, server.oidc() ? nonce : null, servers.extraAuthorizeParameters(r));
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

    @Override
    public String callbackUri(String provider) {
        String origin = settings.authOrigin().isBlank() ? publicUrl.value() : settings.authOrigin();
        return OAuthClient.trimSlash(origin) + "/integration/" + provider + "/callback";
    }

    // ---- callback -----------------------------------------------------------------------------------

    @Override
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
            displayOnce.put(a.id(), created.displayOnce());
            attempts.finish(a.id(), Attempt.Status.DONE, "", connection.uid());
            post("CONNECTED", a, connection.uid(), "");
            String target = settings.successUrl().isBlank()
                    ? publicUrl.value() + "/integration/done?provider=" + provider
                    : settings.successUrl();
            return new Step(URI.create(target), null, 302, null);
        } catch (OAuthException | RuntimeException e) {
            return failed(a, e.getMessage());
        }
    }

    /** The checks on a consumed state, in order; the first refusal, or {@code null}. */
    private static String checks(Attempt a, String provider, Map<String, String> params, String cookie) {
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
        OAuthServers.Resolved r = servers.resolve(a.type(), a.source(), a.baseUrl());
        OAuthServer server = r.server();
        if (server.issParameterSupported() && iss == null) {
            throw new OAuthException("the provider announces the iss parameter (RFC 9207) but the callback has none");
        }
        if (iss != null && server.issuer() != null && !iss.equals(server.issuer())) {
            throw new OAuthException("the callback's iss does not name the server the login went to (RFC 9207)");
        }
        TokenResponse response = tokens.exchangeCode(server, servers.credentials(r), code, a.redirectUri(), a.codeVerifier());
        Map<String, String> subject = new LinkedHashMap<>();
        if (server.oidc()) {
            if (response.idToken() == null) {
                throw new OAuthException("the OpenID Connect server returned no id_token");
            }
            JWTClaimsSet claims = idTokens.validate(response.idToken(), server, r.client().clientId, a.nonce());
            subject.putAll(IdTokenValidator.subject(claims));
        }
        if (server.userinfoEndpoint() != null && (subject.size() <= 1)) {
            try {
                idTokens.userinfo(server, response.accessToken()).forEach(subject::putIfAbsent);
            } catch (OAuthException e) {
                LOG.info("OAuth attempt {}: userinfo not read: {}", a.id(), e.getMessage());
            }
        }
        Map<String, Object> storage = TokenStorage.of(response, a.baseUrl(), null);
        CreatedConnection created = connections.store(new ObtainedConnection(a.type(), a.name(), a.source(), a.scope(),
                storage, subject));
        if (subject.isEmpty() && r.type().probe() != null) {
            created = new CreatedConnection(connections.test(created.connection().uid()), created.displayOnce());
        }
        LOG.info("OAuth attempt {}: connection {} '{}' stored", a.id(), a.type(), a.name());
        return created;
    }

    private void post(String what, Attempt a, String connectionUid, String reason) {
        io.plugboard.api.metrics.Metrics m = metrics;
        if (m != null) {
            m.oauthLogin(a.provider(), "CONNECTED".equals(what) ? "connected" : "failed");
        }
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
        admin.postEvent(new Event(TOPIC + what, (Map<String, Object>) props));
    }
}
