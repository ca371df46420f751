package io.plugboard.provider.semaphore.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;

import io.plugboard.api.provider.Provider;
import org.junit.Test;

public class SemaphoreProviderTest {

    @Test
    public void describesSemaphore() {
        SemaphoreProvider p = new SemaphoreProvider();
        assertTrue(Provider.isValidId(p.id()));
        assertEquals("semaphore", p.id());
        assertEquals(List.of("project", "branch", "pipeline"), p.filterFields());
        assertEquals("pipeline_done", p.eventTypes().get(0).name());
    }
}
