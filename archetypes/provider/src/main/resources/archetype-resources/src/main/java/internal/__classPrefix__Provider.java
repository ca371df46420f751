package ${package}.internal;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.plugboard.api.outbound.ApiEndpoint;
import io.plugboard.api.provider.AuthMode;
import io.plugboard.api.provider.EventType;
import io.plugboard.api.provider.Provider;
import org.osgi.service.component.annotations.Component;

/**
 * The ${name} descriptor: what Plugboard lists under {@code GET /api/v1/providers} as {@code ${id}}. The webhook
 * verifier ({@link ${classPrefix}WebhookVerifier}) and the action ({@link ${classPrefix}RunJob}) are separate
 * services with the same {@value Provider#PROVIDER_PROPERTY} property; the connection types are the files under
 * {@code connections/}.
 */
@Component(service = Provider.class, property = Provider.PROVIDER_PROPERTY + "=" + ${classPrefix}Provider.ID)
public class ${classPrefix}Provider implements Provider {

    /** The provider id: {@code [a-z0-9]+}, in URLs ({@code /webhooks/${id}/...}) and integration types. */
    public static final String ID = "${id}";

    // TODO: the events ${name}'s webhooks deliver (the verifier names one of these for each delivery)
    private static final List<EventType> EVENT_TYPES = List.of(
            EventType.of("ping", "A test delivery"),
            EventType.of("job_done", "A job finished"));

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String name() {
        return "${name}";
    }

    @Override
    public String description() {
        return "The ${name} provider."; // TODO: one paragraph for listings
    }

    @Override
    public Set<AuthMode> authModes() {
        return EnumSet.of(AuthMode.TOKEN);
    }

    @Override
    public List<EventType> eventTypes() {
        return EVENT_TYPES;
    }

    /** The attributes the verifier sets, which event sources may filter on. */
    @Override
    public List<String> filterFields() {
        return List.of("event");
    }

    /**
     * Where ${name}'s REST API is, for the proxy and the actions: the integration's url (its {@code spec.url}), calls
     * authenticated with {@code Authorization: Bearer <token>}. TODO: the real base URL and scheme.
     */
    @Override
    public ApiEndpoint api(String integrationUrl) {
        return integrationUrl == null || integrationUrl.isBlank() ? null : ApiEndpoint.of(integrationUrl, "/api", "Bearer");
    }
}
