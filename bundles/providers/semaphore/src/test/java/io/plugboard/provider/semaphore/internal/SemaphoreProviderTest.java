package io.plugboard.provider.semaphore.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;

import io.plugboard.api.provider.Provider;
import org.junit.Test;

public class SemaphoreProviderTest {

    @Test
    public void aJobsIdTokenIsIssuedByItsOrganizationsUrl() {
        SemaphoreProvider p = new SemaphoreProvider();
        assertEquals("https://acme.semaphoreci.com", p.ciIssuer("https://acme.semaphoreci.com/"));
        assertEquals("https://acme.semaphoreci.com", p.ciIssuer("https://acme.semaphoreci.com/projects/x"));
        assertEquals(null, p.ciIssuer(""));
    }

    @Test
    public void describesSemaphore() {
        SemaphoreProvider p = new SemaphoreProvider();
        assertTrue(Provider.isValidId(p.id()));
        assertEquals("semaphore", p.id());
        assertEquals(List.of("project", "branch", "pipeline"), p.filterFields());
        assertEquals("pipeline_done", p.eventTypes().get(0).name());
    }
}
