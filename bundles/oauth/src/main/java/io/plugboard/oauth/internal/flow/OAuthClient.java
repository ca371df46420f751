package io.plugboard.oauth.internal.flow;

import java.util.LinkedHashMap;
import java.util.Map;

import io.plugboard.oauth.internal.client.ServerCatalog;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/** One configured OAuth client ({@code etc/io.plugboard.oauth-<name>.cfg}); the flow tracks them all. */
@Component(service = OAuthClient.class, configurationPid = OAuthClientConfig.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = OAuthClientConfig.class, factory = true)
public class OAuthClient {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OAuthClient.class);

    final String provider;
    final String baseUrl;
    final String clientId;
    final String clientSecret;
    final String clientSecretRef;
    final Map<String, String> overrides = new LinkedHashMap<>();

    @Activate
    public OAuthClient(OAuthClientConfig config) {
        this(config.provider(), config.baseUrl(), config.clientId(), config.clientSecret(), config.clientSecretRef(),
                Map.of("authCodeURL", config.authCodeURL(), "tokenURL", config.tokenURL(),
                        "revocationURL", config.revocationURL(), "userinfoURL", config.userinfoURL(),
                        "issuerURL", config.issuerURL(), "jwksURL", config.jwksURL()));
    }

    OAuthClient(String provider, String baseUrl, String clientId, String clientSecret, String clientSecretRef,
                Map<String, String> overrides) {
        this.provider = provider == null ? "" : provider.trim().toLowerCase(java.util.Locale.ROOT);
        this.baseUrl = trimSlash(baseUrl);
        this.clientId = clientId == null ? "" : clientId.trim();
        this.clientSecret = clientSecret == null ? "" : clientSecret;
        this.clientSecretRef = clientSecretRef == null ? "" : clientSecretRef.trim();
        String file = "etc/" + OAuthClientConfig.FACTORY_PID + "-" + this.provider + ".cfg";
        Map<String, String> usable = ServerCatalog.usableOverrides(overrides, (key, reason) ->
                LOG.warn("{}: {} is ignored: {}", file, key, reason));
        if (!usable.isEmpty() && !this.baseUrl.isEmpty()) {
            LOG.warn("{}: the endpoint overrides {} are ignored: a client with a baseUrl uses the server at that URL",
                    file, usable.keySet());
        } else {
            this.overrides.putAll(usable);
        }
    }

    static String trimSlash(String url) {
        if (url == null) {
            return "";
        }
        String t = url.trim();
        return t.endsWith("/") ? t.substring(0, t.length() - 1) : t;
    }

    @Override
    public String toString() {
        return "OAuth client of " + provider + (baseUrl.isEmpty() ? "" : " at " + baseUrl) + " (client id " + clientId + ")";
    }
}
