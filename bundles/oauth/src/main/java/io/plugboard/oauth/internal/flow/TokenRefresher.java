package io.plugboard.oauth.internal.flow;

import java.time.Instant;
import java.util.Hashtable;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.plugboard.api.cluster.Cluster;
import io.plugboard.api.connection.AccessTokens;
import io.plugboard.api.connection.Connection;
import io.plugboard.api.connection.ConnectionNotFoundException;
import io.plugboard.api.connection.ConnectionRevoker;
import io.plugboard.api.connection.ConnectionService;
import io.plugboard.api.connection.ConnectionSource;
import io.plugboard.api.connection.ConnectionState;
import io.plugboard.api.connection.ConnectionStatus;
import io.plugboard.api.connection.ConnectionType;
import io.plugboard.api.connection.ConnectionTypeRegistry;
import io.plugboard.api.connection.SourceKind;
import io.plugboard.api.provider.OAuthServerSpec;
import io.plugboard.oauth.internal.client.ClientCredentials;
import io.plugboard.oauth.internal.client.OAuthErrorException;
import io.plugboard.oauth.internal.client.OAuthException;
import io.plugboard.oauth.internal.client.OAuthServer;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tokens of OAuth2 connections after the login: an access token refreshed when due (one refresh per connection
 * at a time, under its row lock, so that several servers do not spend one refresh token twice), in the background
 * before it expires, and revoked with the connection as its server wants ({@link OAuthServerSpec.Revocation}).
 */
@Component(service = {AccessTokens.class, ConnectionRevoker.class}, configurationPid = OAuthSettings.PID, immediate = true)
public class TokenRefresher implements AccessTokens, ConnectionRevoker {

    private static final Logger LOG = LoggerFactory.getLogger(TokenRefresher.class);

    private final ConnectionService connections;
    private final ConnectionTypeRegistry types;
    private final OAuthServers servers;
    private final TokenClient tokens = new TokenClient();
    private final Map<String, CompletableFuture<String>> refreshing = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "plugboard-oauth-refresh");
        t.setDaemon(true);
        return t;
    });
    private volatile OAuthSettings settings;
    private ScheduledFuture<?> periodic;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin events;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile io.plugboard.api.metrics.Metrics metrics;

    /** The background refresh runs on one node of a cluster (a refresh on demand runs where it is needed). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Cluster cluster;

    @Activate
    public TokenRefresher(@Reference ConnectionService connections, @Reference ConnectionTypeRegistry types,
                          @Reference OAuthServers servers, OAuthSettings settings) {
        this.connections = connections;
        this.types = types;
        this.servers = servers;
        this.settings = settings;
        schedule();
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

    private synchronized void schedule() {
        if (periodic != null) {
            periodic.cancel(false);
            periodic = null;
        }
        long every = settings.refreshIntervalSeconds();
        if (every > 0 && !scheduler.isShutdown()) {
            periodic = scheduler.scheduleWithFixedDelay(this::refreshDueOnOneNode, every, every, TimeUnit.SECONDS);
        }
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
        return singleFlight(connectionUid, current -> Objects.equals(current.get("access_token"), rejectedToken));
    }

    @Override
    public Instant refresh(String connectionUid) {
        Connection connection = connections.get(connectionUid).orElseThrow(() ->
                new ConnectionNotFoundException("No connection with id '" + connectionUid + "'."));
        ConnectionType type = types.find(connection.type()).orElseThrow(() -> new IllegalStateException(
                "connection type " + connection.type() + " is not available: its token cannot be refreshed"));
        boolean oauth = connection.source() == null || connection.source().isEmpty()
                ? type.sources().stream().anyMatch(s -> s.kind() == SourceKind.OAUTH2)
                : type.source(connection.source()).map(s -> s.kind() == SourceKind.OAUTH2).orElse(false);
        String label = "Connection " + connection.type() + " '" + connection.name() + "'";
        if (!oauth) {
            throw new IllegalArgumentException(label + " is not an OAuth2 connection: it has no token to refresh.");
        }
        if (!(connections.storage(connectionUid).get("refresh_token") instanceof String)) {
            throw new IllegalArgumentException(label + " holds no refresh token (its provider gave none): "
                    + "connect it again for a new token.");
        }
        singleFlight(connectionUid, current -> true);
        Object expires = connections.storage(connectionUid).get("expires_at");
        return expires instanceof Number n ? Instant.ofEpochSecond(n.longValue()) : null;
    }

    /** One refresh per connection at a time in this JVM; callers that arrive meanwhile get its result. */
    private String singleFlight(String connectionUid, Predicate<Map<String, Object>> due) {
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
    private String refresh(String uid, Predicate<Map<String, Object>> due) {
        Connection connection = connections.get(uid).orElseThrow(() ->
                new ConnectionNotFoundException("No connection with id '" + uid + "'."));
        ConnectionType type = types.find(connection.type()).orElseThrow(() -> new IllegalStateException(
                "connection type " + connection.type() + " is not available: its token cannot be refreshed"));
        OAuthServers.oauthSource(type, connection.source());
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
                OAuthServers.Resolved r = servers.resolve(type, connection.source(), baseUrl);
                TokenResponse response = tokens.refresh(r.server(), servers.credentials(r), rt);
                LOG.info("Refreshed the access token of connection {} '{}'", connection.type(), connection.name());
                count(connection, "refreshed");
                return TokenStorage.of(response, baseUrl, current);
            } catch (OAuthErrorException e) {
                if (e.isInvalidGrant()) {
                    count(connection, "refused");
                    refused[0] = "the provider refused the refresh token (invalid_grant): connect again";
                    return current;
                }
                count(connection, "failed");
                throw new IllegalStateException("refreshing the token failed: " + e.getMessage(), e);
            } catch (OAuthException e) {
                count(connection, "failed");
                throw new IllegalStateException("refreshing the token failed: " + e.getMessage(), e);
            }
        });
        if (refused[0] != null) {
            needsReauth(connection, refused[0]);
        }
        return (String) stored.get("access_token");
    }

    private void count(Connection connection, String outcome) {
        io.plugboard.api.metrics.Metrics m = metrics;
        if (m != null) {
            m.tokenRefresh(connection.type().provider(), outcome);
        }
    }

    private void needsReauth(Connection connection, String reason) {
        connections.setStatus(connection.uid(), new ConnectionStatus(ConnectionState.NeedsReauth, reason, Instant.now()));
        EventAdmin admin = events;
        if (admin != null) {
            Hashtable<String, Object> props = new Hashtable<>();
            props.put("connection", connection.uid());
            props.put("type", connection.type().toString());
            props.put("name", connection.name());
            props.put("reason", reason);
            admin.postEvent(new Event(LoginFlow.TOPIC + "NEEDS_REAUTH", (Map<String, Object>) props));
        }
        LOG.warn("Connection {} '{}' needs to be connected again: {}", connection.type(), connection.name(), reason);
        throw new IllegalStateException("Connection " + connection.type() + " '" + connection.name() + "': " + reason);
    }

    /** The background refresh: every OAuth2 connection whose token expires soon. */
    private void refreshDueOnOneNode() {
        Cluster c = cluster;
        if (c == null || c.lead("oauth.refresh", java.time.Duration.ofSeconds(settings.refreshIntervalSeconds() + 60))) {
            refreshDue();
        }
    }

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
    }

    // ---- revocation ---------------------------------------------------------------------------------

    @Override
    public boolean revokes(ConnectionType type, ConnectionSource source) {
        return source.kind() == SourceKind.OAUTH2;
    }

    @Override
    public void revoke(Connection connection, ConnectionType type, Map<String, Object> storage) throws Exception {
        OAuthServers.Resolved r = servers.resolve(type, connection.source(), (String) storage.get("base_url"));
        OAuthServer server = r.server();
        OAuthServerSpec.Revocation style = servers.revocation(r);
        if (style == OAuthServerSpec.Revocation.APPLICATION_TOKEN_API && server.revocationEndpoint() == null) {
            tokens.revokeApplicationToken(servers.applicationTokenApi(r), servers.credentials(r),
                    (String) storage.get("access_token"));
            return;
        }
        if (style == OAuthServerSpec.Revocation.NONE || server.revocationEndpoint() == null) {
            LOG.info("Connection {} '{}': the server has no revocation endpoint; tokens not revoked", connection.type(),
                    connection.name());
            return;
        }
        ClientCredentials credentials = servers.credentials(r);
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
}
