package io.plugboard.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.junit.Test;

public class WaitingServiceProxyTest {

    @Test
    public void callsTheBoundService() {
        WaitingServiceProxy<Supplier<String>> slot = slot(Duration.ofSeconds(1));
        slot.bind(() -> "first");
        assertEquals("first", slot.proxy().get());
        slot.bind(() -> "second");
        assertEquals("second", slot.proxy().get());
    }

    @Test
    public void waitsOutAGapInWhichTheServiceIsReRegistered() throws Exception {
        WaitingServiceProxy<Supplier<String>> slot = slot(Duration.ofSeconds(10));
        Supplier<String> old = () -> "old";
        slot.bind(old);
        slot.unbind(old);
        CompletableFuture<String> call = CompletableFuture.supplyAsync(() -> slot.proxy().get());
        slot.bind(() -> "new");
        assertEquals("new", call.get());
    }

    @Test
    public void answers503WhenNoServiceComes() {
        WaitingServiceProxy<Supplier<String>> slot = slot(Duration.ofMillis(50));
        ApiException e = assertThrows(ApiException.class, () -> slot.proxy().get());
        assertEquals(503, e.getResponse().getStatus());
        assertEquals("unavailable", ((ErrorBody) e.getResponse().getEntity()).error());
    }

    @Test
    public void unbindingAnotherServiceKeepsTheCurrentOne() {
        WaitingServiceProxy<Supplier<String>> slot = slot(Duration.ofMillis(50));
        slot.bind(() -> "current");
        slot.unbind(() -> "some other");
        assertEquals("current", slot.proxy().get());
    }

    @SuppressWarnings("unchecked")
    private static WaitingServiceProxy<Supplier<String>> slot(Duration patience) {
        return new WaitingServiceProxy<>((Class<Supplier<String>>) (Class<?>) Supplier.class, patience, "gone");
    }
}
