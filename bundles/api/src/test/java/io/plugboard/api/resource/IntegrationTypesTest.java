package io.plugboard.api.resource;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class IntegrationTypesTest {

    @Test
    public void typeAndProviderIdAreOneRule() {
        assertEquals("github", IntegrationTypes.providerId("TYPE_GITHUB"));
        assertEquals("semaphore", IntegrationTypes.providerId("TYPE_Semaphore"));
        assertEquals("TYPE_GITLAB", IntegrationTypes.typeOf("gitlab"));
        assertEquals("", IntegrationTypes.providerId("GITHUB"));
        assertEquals("", IntegrationTypes.providerId((String) null));
        assertEquals("slack", IntegrationTypes.providerId(IntegrationTypes.typeOf("slack")));
    }
}
