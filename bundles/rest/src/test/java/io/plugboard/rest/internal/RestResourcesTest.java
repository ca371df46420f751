package io.plugboard.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.ws.rs.NotAllowedException;
import javax.ws.rs.NotFoundException;
import javax.ws.rs.core.Response;

import io.plugboard.api.provider.AuthMode;
import io.plugboard.api.provider.EventType;
import io.plugboard.api.provider.Provider;
import io.plugboard.api.provider.ProviderRegistry;
import io.plugboard.api.provider.RegisteredProvider;
import io.plugboard.api.system.SystemStatus;
import org.junit.Test;

public class RestResourcesTest {

    private final RegisteredProvider github = new RegisteredProvider(new Provider() {
        public String id() { return "github"; }
        public String name() { return "GitHub"; }
        public Set<AuthMode> authModes() { return EnumSet.of(AuthMode.TOKEN, AuthMode.OAUTH2); }
        public List<EventType> eventTypes() { return List.of(EventType.of("push", "Commits pushed")); }
        public List<String> filterFields() { return List.of("repository"); }
    }, "io.plugboard.provider.github", "0.1.0", null, List.of(), null);

    private final ProviderRegistry registry = new ProviderRegistry() {
        public List<RegisteredProvider> providers() { return List.of(github); }
        public Optional<RegisteredProvider> provider(String id) {
            return "github".equals(id) ? Optional.of(github) : Optional.empty();
        }
    };

    @Test
    public void healthIsUpWithVersionProvidersAndDatabase() {
        Response r = new HealthResource(registry, () -> status(true)).health();
        assertEquals(200, r.getStatus());
        assertEquals(Map.of("status", "UP", "version", "9.9.9", "providers", 1, "database", "UP"), r.getEntity());
    }

    @Test
    public void healthIsDownWithoutDatabase() {
        assertEquals(503, new HealthResource(registry, () -> status(false)).health().getStatus());
        Response absent = new HealthResource(registry, () -> null).health();
        assertEquals(503, absent.getStatus());
        assertEquals("DOWN", ((Map<?, ?>) absent.getEntity()).get("database"));
    }

    @Test
    public void providersAreListedWithBundleAndCapabilities() {
        ProviderView view = new ProvidersResource(registry).list().get(0);
        assertEquals("github", view.id());
        assertEquals("io.plugboard.provider.github", view.bundle());
        assertEquals("0.1.0", view.version());
        assertEquals(List.of(), view.capabilities());
        assertEquals(List.of("TOKEN", "OAUTH2"), view.authModes());
        assertEquals(List.of("repository"), view.filterFields());
    }

    @Test
    public void unknownProviderIs404WithJsonError() {
        try {
            new ProvidersResource(registry).get("gitlub");
            fail();
        } catch (ApiException e) {
            Response r = new WebApplicationExceptionMapper().toResponse(e);
            assertEquals(404, r.getStatus());
            assertEquals(new ErrorBody("not_found", "No active provider 'gitlub'."), r.getEntity());
        }
    }

    @Test
    public void jaxRsErrorsBecomeJsonAndKeepAllow() {
        Response notFound = new WebApplicationExceptionMapper().toResponse(new NotFoundException("internal detail"));
        assertEquals(404, notFound.getStatus());
        ErrorBody body = (ErrorBody) notFound.getEntity();
        assertEquals("not_found", body.error());
        assertFalse("no internals leak", body.message().contains("internal detail"));

        Response notAllowed = new WebApplicationExceptionMapper().toResponse(
                new NotAllowedException("not allowed", "GET", new String[] {"HEAD"}));
        assertEquals(405, notAllowed.getStatus());
        assertEquals("method_not_allowed", ((ErrorBody) notAllowed.getEntity()).error());
        assertTrue(notAllowed.getHeaderString("Allow").contains("GET"));
    }

    @Test
    public void unexpectedErrorsHideTheStackTrace() {
        Response r = new UnexpectedExceptionMapper().toResponse(new IllegalStateException("secret internals"));
        assertEquals(500, r.getStatus());
        ErrorBody body = (ErrorBody) r.getEntity();
        assertEquals("internal_error", body.error());
        assertFalse(body.message().contains("secret internals"));
    }

    @Test
    public void onlyGetHealthIsPublic() {
        assertTrue(AdminAuthFilter.isPublic("GET", "/health"));
        assertTrue(AdminAuthFilter.isPublic("GET", "health"));
        assertFalse(AdminAuthFilter.isPublic("POST", "/health"));
        assertFalse(AdminAuthFilter.isPublic("GET", "/providers"));
        assertFalse(AdminAuthFilter.isPublic("GET", "/healthz"));
    }

    private static SystemStatus status(boolean up) {
        return new SystemStatus() {
            public String version() { return "9.9.9"; }
            public boolean databaseUp() { return up; }
        };
    }
}
