package io.plugboard.extender.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import io.plugboard.api.provider.AuthMode;
import io.plugboard.api.provider.EventType;
import org.junit.Test;

public class ProviderDescriptorReaderTest {

    static DataProvider read(String yaml) throws ProviderDescriptorReader.InvalidDescriptorException {
        return ProviderDescriptorReader.read(yaml.getBytes(StandardCharsets.UTF_8));
    }

    static void assertInvalid(String yaml, String... expected) {
        try {
            read(yaml);
            fail("accepted: " + yaml);
        } catch (ProviderDescriptorReader.InvalidDescriptorException e) {
            for (String text : expected) {
                assertTrue("message should contain '" + text + "' but is: " + e.getMessage(),
                        e.getMessage().contains(text));
            }
        }
    }

    @Test
    public void readsEveryField() throws Exception {
        DataProvider provider = read("""
                id: acme
                name: ACME
                description: Anvils
                icon: https://acme.example/icon.svg
                authModes: [token, OAuth2]
                eventTypes:
                  - name: anvil.dropped
                    description: An anvil was dropped
                  - name: anvil.lifted
                filterFields: [anvil, place]
                """);
        assertEquals("acme", provider.id());
        assertEquals("ACME", provider.name());
        assertEquals("Anvils", provider.description());
        assertEquals("https://acme.example/icon.svg", provider.icon());
        assertEquals(Set.of(AuthMode.TOKEN, AuthMode.OAUTH2), provider.authModes());
        assertEquals(List.of(EventType.of("anvil.dropped", "An anvil was dropped"), EventType.of("anvil.lifted", "")),
                provider.eventTypes());
        assertEquals(List.of("anvil", "place"), provider.filterFields());
    }

    @Test
    public void defaults() throws Exception {
        DataProvider provider = read("id: acme\nname: ACME\n");
        assertEquals("", provider.description());
        assertNull(provider.icon());
        assertEquals(Set.of(AuthMode.TOKEN), provider.authModes());
        assertEquals(List.of(), provider.eventTypes());
        assertEquals(List.of(), provider.filterFields());
    }

    @Test
    public void idAndNameRequired() {
        assertInvalid("name: ACME\n", "id: required");
        assertInvalid("id: acme\n", "name: required");
        assertInvalid("id: Acme-Corp\nname: ACME\n", "id: 'Acme-Corp' is not a valid provider id");
        assertInvalid("id: 12\nname: ACME\n", "id: must be a string, not a number");
    }

    @Test
    public void authModesMustBeKnown() {
        assertInvalid("id: acme\nname: ACME\nauthModes: [TOKEN, PASSWORD]\n",
                "authModes[1]: 'PASSWORD' is not one of NONE, TOKEN, OAUTH2, OIDC");
        assertInvalid("id: acme\nname: ACME\nauthModes: []\n", "authModes: must not be empty");
        assertInvalid("id: acme\nname: ACME\nauthModes: TOKEN\n", "authModes: must be a list, not a string");
    }

    @Test
    public void eventTypesAndFilterFields() {
        assertInvalid("id: acme\nname: ACME\neventTypes: [push]\n", "eventTypes[0]: must be an object");
        assertInvalid("id: acme\nname: ACME\neventTypes:\n  - description: x\n", "eventTypes[0].name: required");
        assertInvalid("id: acme\nname: ACME\neventTypes:\n  - {name: a}\n  - {name: a}\n",
                "eventTypes[1].name: 'a' is listed twice");
        assertInvalid("id: acme\nname: ACME\nfilterFields: [a, '']\n", "filterFields[1]: must be a non-blank string");
    }

    @Test
    public void oauthServers() throws Exception {
        DataProvider provider = read("""
                id: acme
                name: ACME
                oauthServers:
                  - shortName: acme
                    authCodeURL: https://acme.example/authorize
                    tokenURL: https://acme.example/token
                    revocation: none
                    tokenAuthMethod: client_secret_post
                    authorizeParameters: {audience: api}
                """);
        io.plugboard.api.provider.OAuthServerSpec acme = provider.oauthServers().get(0);
        assertEquals("https://acme.example/token", acme.urls().get("tokenURL"));
        assertEquals(io.plugboard.api.provider.OAuthServerSpec.Revocation.NONE, acme.revocation());
        assertEquals(io.plugboard.api.provider.OAuthServerSpec.TokenAuthMethod.CLIENT_SECRET_POST, acme.tokenAuthMethod());
        assertEquals(java.util.Map.of("audience", "api"), acme.extraAuthorizeParameters());

        assertInvalid("id: acme\nname: ACME\noauthServers:\n  - shortName: acme\n    tokenURL: http://acme.example/t\n"
                + "    authCodeURL: https://acme.example/a\n    revocation: sometimes\n",
                "oauthServers[0].tokenURL: must be an https URL (http for localhost only)",
                "oauthServers[0].revocation: 'sometimes' is not one of RFC7009, APPLICATION_TOKEN_API, NONE");
        assertInvalid("id: acme\nname: ACME\noauthServers:\n  - shortName: acme\n    issuerURL: https://acme.example\n",
                "oauthServers[0]: OAuth server 'acme' needs authCodeURL and tokenURL");
        assertInvalid("id: acme\nname: ACME\noauthServers:\n  - issuerURL: https://acme.example\n    discovery: true\n",
                "oauthServers[0].shortName: required");
    }

    @Test
    public void unknownFieldsIconAndSyntax() {
        assertInvalid("id: acme\nname: ACME\nconnections: []\n", "connections: unknown field");
        assertInvalid("id: acme\nname: ACME\nicon: http://acme.example/i.png\n", "icon: must be an https: or data: URL");
        assertInvalid("id: [acme\n", "not valid YAML");
        assertInvalid("", "the file is empty");
    }
}
