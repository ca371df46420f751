package io.plugboard.provider.semaphore.internal;

import io.plugboard.api.outbound.ApiEndpoint;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.plugboard.api.provider.AuthMode;
import io.plugboard.api.provider.EventType;
import io.plugboard.api.provider.Provider;
import org.osgi.service.component.annotations.Component;

/** The Semaphore CI descriptor. */
@Component(service = Provider.class, property = Provider.PROVIDER_PROPERTY + "=" + SemaphoreProvider.ID)
public class SemaphoreProvider implements Provider {

    public static final String ID = "semaphore";

    private static final List<EventType> EVENT_TYPES = List.of(
            EventType.of("pipeline_done", "A pipeline finished (passed, failed, stopped or canceled)"));

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String name() {
        return "Semaphore";
    }

    @Override
    public String description() {
        return "Semaphore CI/CD: receives pipeline notifications and runs workflows with an API token.";
    }

    @Override
    public Set<AuthMode> authModes() {
        return EnumSet.of(AuthMode.TOKEN, AuthMode.OIDC);
    }

    @Override
    public List<EventType> eventTypes() {
        return EVENT_TYPES;
    }

    @Override
    public List<String> filterFields() {
        return List.of("project", "branch", "pipeline");
    }
    /**
     * The organization's API at {@code <url>/api} — paths start with the API version ({@code v1alpha/projects},
     * {@code v1beta/secrets}, {@code v2/...}), since Semaphore serves several side by side — authenticated with
     * {@code Authorization: Token <api token>} (https://docs.semaphoreci.com/reference/api), which also requires the
     * User-Agent {@code SemaphoreCI v2.0 Client}. The integration's url is the organization's Semaphore URL.
     */
    @Override
    public ApiEndpoint api(String integrationUrl) {
        return integrationUrl == null || integrationUrl.isBlank() ? null
                : ApiEndpoint.of(integrationUrl, "/api", "Token").withHeader("User-Agent", "SemaphoreCI v2.0 Client");
    }

    /**
     * A Semaphore job's ID token ({@code SEMAPHORE_OIDC_TOKEN}) is issued by its organization: {@code iss} is the
     * organization's URL, {@code https://<org>.semaphoreci.com}, and so is the default {@code aud}
     * (https://docs.semaphoreci.com/reference/openid).
     */
    @Override
    public String ciIssuer(String integrationUrl) {
        if (integrationUrl == null || integrationUrl.isBlank()) {
            return null;
        }
        java.net.URI url = java.net.URI.create(integrationUrl.trim());
        return url.getScheme() + "://" + url.getRawAuthority();
    }
}
