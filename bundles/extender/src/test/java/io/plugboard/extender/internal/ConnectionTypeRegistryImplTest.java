package io.plugboard.extender.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;

import io.plugboard.api.connection.ConnectionTypeRef;
import org.junit.Test;

public class ConnectionTypeRegistryImplTest {

    private static ConnectionTypeRegistryImpl.Contribution contribution(String provider, String bundle,
                                                                       EntrySource entries) {
        return new ConnectionTypeRegistryImpl.Contribution(provider, bundle, "1.0.0",
                new ConnectionTypeReader(provider, bundle, entries).read());
    }

    private static MapEntrySource bundle() {
        return ConnectionTypeReaderTest.tokenBundle(ConnectionTypeReaderTest.TOKEN)
                .put("connections/bad.yaml", "kind: Connection\n");
    }

    @Test
    public void typesComeAndGoWithTheirProviderService() {
        ConnectionTypeRegistryImpl registry = new ConnectionTypeRegistryImpl();
        registry.add(contribution("alpha", "io.alpha", bundle()));
        registry.add(contribution("beta", "io.beta", bundle()));
        assertEquals(List.of(ConnectionTypeRef.parse("alpha/token@1"), ConnectionTypeRef.parse("beta/token@1")),
                registry.types().stream().map(t -> t.ref()).toList());
        assertTrue(registry.find(ConnectionTypeRef.parse("beta/token@1")).isPresent());
        assertEquals(List.of("alpha", "beta"), registry.invalid().stream().map(i -> i.provider()).toList());
        assertTrue(registry.invalid().get(0).reason().contains("apiVersion: required"));

        registry.remove("beta");
        assertFalse(registry.find(ConnectionTypeRef.parse("beta/token@1")).isPresent());
        assertEquals(1, registry.types().size());
        assertEquals(1, registry.invalid().size());
        registry.remove("alpha");
        assertEquals(List.of(), registry.types());
        assertEquals(List.of(), registry.invalid());
    }

    @Test
    public void aProviderThatTheRegistryHandsToAnotherBundleTakesThatBundlesTypes() {
        // "first id wins" is the provider registry's rule (ProviderRegistryImplTest); this registry follows it
        ConnectionTypeRegistryImpl registry = new ConnectionTypeRegistryImpl();
        registry.add(contribution("alpha", "io.alpha.v1", bundle()));
        assertEquals("io.alpha.v1:connections/token/connection.yaml", registry.types().get(0).origin());
        assertEquals(1, registry.types().size());
        registry.remove("alpha");
        assertEquals(List.of(), registry.types());
        registry.add(contribution("alpha", "io.alpha.v2", bundle()));
        assertEquals("io.alpha.v2:connections/token/connection.yaml", registry.types().get(0).origin());
        assertFalse(registry.find(null).isPresent());
    }
}
