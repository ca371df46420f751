package io.plugboard.provider.aws.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.util.Set;

import io.plugboard.api.outbound.ApiEndpoint;
import io.plugboard.api.provider.AuthMode;
import io.plugboard.api.provider.Provider;
import org.junit.Test;

public class AwsProviderTest {

    private final AwsProvider provider = new AwsProvider();

    @Test
    public void describesAws() {
        assertTrue(Provider.isValidId(provider.id()));
        assertEquals("aws", provider.id());
        assertEquals("Amazon Web Services", provider.name());
        assertEquals(Set.of(AuthMode.OIDC), provider.authModes());
        assertTrue(provider.eventTypes().isEmpty());
        assertTrue(provider.filterFields().isEmpty());
    }

    @Test
    public void theIntegrationUrlIsTheServiceEndpoint() {
        ApiEndpoint api = provider.api("https://lambda.eu-west-1.amazonaws.com");
        assertEquals(URI.create("https://lambda.eu-west-1.amazonaws.com"), api.baseUrl());
        assertEquals("AWS4-HMAC-SHA256", api.authorizationScheme());
        assertTrue(api.headers().isEmpty());
        assertNull(provider.api(""));
        assertNull(provider.api(null));
    }
}
