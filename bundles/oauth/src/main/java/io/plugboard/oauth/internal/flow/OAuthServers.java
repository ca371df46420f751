package io.plugboard.oauth.internal.flow;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import io.plugboard.api.connection.ConnectionNotFoundException;
import io.plugboard.api.connection.ConnectionSource;
import io.plugboard.api.connection.ConnectionType;
import io.plugboard.api.connection.ConnectionTypeRef;
import io.plugboard.api.connection.ConnectionTypeRegistry;
import io.plugboard.api.connection.SourceKind;
import io.plugboard.api.outbound.ApiEndpoint;
import io.plugboard.api.provider.OAuthServerSpec;
import io.plugboard.api.provider.Provider;
import io.plugboard.api.provider.ProviderRegistry;
import io.plugboard.api.provider.RegisteredProvider;
import io.plugboard.api.resource.Scope;
import io.plugboard.api.server.SecretValues;
import io.plugboard.oauth.internal.client.ClientCredentials;
import io.plugboard.oauth.internal.client.OAuthException;
import io.plugboard.oauth.internal.client.OAuthServer;
import io.plugboard.oauth.internal.client.ServerCatalog;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Connection type → OAuth2 source → server → client, in one call per step: what the login flow and the token
 * refresher both need. The servers are those the installed providers declare ({@link Provider#oauthServers()}), with
 * the URL overrides of the configured clients; the clients are the {@code io.plugboard.oauth-<provider>} factory
 * configurations.
 */
@Component(service = OAuthServers.class, immediate = true)
public class OAuthServers {

    /** One resolution: everything a step of an OAuth2 connection needs. */
    public record Resolved(ConnectionType type, ConnectionSource source, OAuthServer server, OAuthClient client,
                           String baseUrl) {

        /** The source's {@code server} setting: a short name or a map. */
        Object serverSetting() {
            return source.settings().get("server");
        }

        String provider() {
            return type.ref().provider();
        }
    }

    private final ConnectionTypeRegistry types;
    private final ProviderRegistry providers;
    private final List<OAuthClient> clients = new CopyOnWriteArrayList<>();
    private volatile ServerCatalog catalog;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile SecretValues secrets;

    @Activate
    public OAuthServers(@Reference ConnectionTypeRegistry types, @Reference ProviderRegistry providers) {
        this.types = types;
        this.providers = providers;
        rebuildCatalog();
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

    /** Endpoint overrides of a provider's client apply to its connection types' servers when resolved. */
    private void rebuildCatalog() {
        ProviderRegistry registry = providers;
        catalog = new ServerCatalog(ServerCatalog.Servers.of(() -> registry == null ? List.of()
                : registry.providers().stream().map(RegisteredProvider::descriptor).toList()), Map.of());
    }

    /** {@link #resolve(ConnectionType, String, String)} of the type {@code ref} names, if it is still available. */
    public Resolved resolve(ConnectionTypeRef ref, String sourceName, String baseUrl) {
        ConnectionType type = types.find(ref).orElseThrow(() -> new IllegalStateException(
                "connection type " + ref + " is not available any more"));
        return resolve(type, sourceName, baseUrl);
    }

    /**
     * The OAuth2 source {@code sourceName} of {@code type} (the first OAuth2 source when empty), its server (for a
     * partial server, completed with {@code baseUrl}) and the client configured for the provider at that base URL.
     *
     * @throws ConnectionNotFoundException when the type has no such source
     * @throws IllegalArgumentException    when the source is a form, its server cannot be used, or no client is
     *                                     configured
     */
    public Resolved resolve(ConnectionType type, String sourceName, String baseUrl) {
        ConnectionSource source = oauthSource(type, sourceName);
        String base = baseUrl == null ? "" : baseUrl;
        Optional<OAuthClient> configured = findClient(type.ref().provider(), base);
        OAuthServer server = server(source, base, configured.map(c -> c.overrides).orElse(Map.of()));
        OAuthClient client = configured.orElseThrow(() -> noClient(type.ref().provider(), base));
        return new Resolved(type, source, server, client, base.isEmpty() ? null : base);
    }

    static ConnectionSource oauthSource(ConnectionType type, String name) {
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

    /** The source's server, with the endpoint overrides of the provider's client (one without a base URL). */
    private OAuthServer server(ConnectionSource source, String baseUrl, Map<String, String> overrides) {
        Object server = source.settings().get("server");
        if (server == null) {
            throw new IllegalArgumentException("Source '" + source.name() + "' names no OAuth server (source.server).");
        }
        try {
            return catalog.resolve(server, baseUrl.isEmpty() ? null : baseUrl,
                    baseUrl.isEmpty() ? overrides : Map.of());
        } catch (OAuthException e) {
            throw new IllegalArgumentException("The OAuth server cannot be used: " + e.getMessage(), e);
        }
    }

    private Optional<OAuthClient> findClient(String provider, String baseUrl) {
        for (OAuthClient c : clients) {
            if (c.provider.equals(provider) && c.baseUrl.equals(baseUrl)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    private static IllegalArgumentException noClient(String provider, String baseUrl) {
        return new IllegalArgumentException("No OAuth client is configured for provider '" + provider + "'"
                + (baseUrl.isEmpty() ? "" : " at " + baseUrl) + ": create etc/" + OAuthClientConfig.FACTORY_PID + "-"
                + provider + ".cfg with provider, clientId and clientSecretRef"
                + (baseUrl.isEmpty() ? "" : " and baseUrl=" + baseUrl) + ".");
    }

    /** The client's id and secret (read from its Secret when it names one), authenticated as the server wants. */
    ClientCredentials credentials(Resolved r) {
        OAuthClient client = r.client();
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
        return new ClientCredentials(client.clientId, secret, catalog.tokenAuthMethod(r.serverSetting()));
    }

    Map<String, String> extraAuthorizeParameters(Resolved r) {
        return catalog.extraAuthorizeParameters(r.serverSetting());
    }

    OAuthServerSpec.Revocation revocation(Resolved r) {
        return catalog.revocation(r.serverSetting(), r.provider());
    }

    /**
     * Where {@link OAuthServerSpec.Revocation#APPLICATION_TOKEN_API} deletes tokens: {@code revocationURL} of the
     * client's configuration, else the provider's API base for the connection's server.
     */
    String applicationTokenApi(Resolved r) {
        String override = r.client().overrides.get(ServerCatalog.REVOCATION_URL);
        if (override != null) {
            return override;
        }
        ApiEndpoint api = providers.provider(r.provider()).map(p -> p.descriptor().api(r.baseUrl())).orElse(null);
        if (api == null) {
            throw new IllegalStateException("provider '" + r.provider() + "' names no API base to delete its tokens at");
        }
        return api.baseUrl().toString();
    }
}
