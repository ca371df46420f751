package io.plugboard.provider.github.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;

import io.plugboard.api.provider.EventType;
import io.plugboard.api.provider.Provider;
import org.junit.Test;

public class GitHubProviderTest {

    @Test
    public void actionsIdTokensComeFromGitHubsIssuerOrTheEnterpriseServersOwn() {
        GitHubProvider p = new GitHubProvider();
        assertEquals("https://token.actions.githubusercontent.com", p.ciIssuer(""));
        assertEquals("https://token.actions.githubusercontent.com", p.ciIssuer("https://github.com"));
        assertEquals("https://ghe.example.com/_services/token", p.ciIssuer("https://ghe.example.com/"));
        assertEquals("https://ghe.example.com/_services/token", p.ciIssuer("https://ghe.example.com/api/v3"));
    }

    @Test
    public void describesGitHub() {
        GitHubProvider p = new GitHubProvider();
        assertTrue(Provider.isValidId(p.id()));
        assertEquals("github", p.id());
        assertEquals("GitHub", p.name());
        assertEquals(List.of("repository", "organization", "branch", "event"), p.filterFields());
        assertEquals(java.util.Set.of("repository", "organization"), p.caseInsensitiveFilterFields());
        assertTrue(p.eventTypes().stream().map(EventType::name).anyMatch("push"::equals));
        assertTrue(p.eventTypes().stream().map(EventType::name).anyMatch("ping"::equals));
    }
}
