package io.plugboard.provider.gitlab.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;

import io.plugboard.api.provider.EventType;
import io.plugboard.api.provider.Provider;
import org.junit.Test;

public class GitLabProviderTest {

    @Test
    public void describesGitLab() {
        GitLabProvider p = new GitLabProvider();
        assertTrue(Provider.isValidId(p.id()));
        assertEquals("gitlab", p.id());
        assertEquals("GitLab", p.name());
        assertEquals(List.of("project", "branch", "event"), p.filterFields());
        assertTrue(p.eventTypes().stream().map(EventType::name).anyMatch("Push Hook"::equals));
    }
}
