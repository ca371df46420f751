package io.plugboard.core.internal.outbound;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.net.URI;

import io.plugboard.api.outbound.InvalidApiPathException;
import org.junit.Test;

public class ApiPathsTest {

    private static final URI BASE = URI.create("https://api.example.com/api/v3");

    @Test
    public void resolvesUnderTheBaseWithItsQuery() {
        assertEquals("https://api.example.com/api/v3/repos/o/r/hooks?per_page=100",
                ApiPaths.resolve(BASE, "repos/o/r/hooks?per_page=100").toString());
        assertEquals("https://api.example.com/api/v3/user", ApiPaths.resolve(BASE, "/user").toString());
        assertEquals("https://api.example.com/api/v3/repos/o/r/branches/feature%2Fx",
                ApiPaths.resolve(BASE, "repos/o/r/branches/feature%2Fx").toString());
        assertEquals("https://api.example.com/api/v3/repos/o/r/compare/main...o:topic",
                ApiPaths.resolve(BASE, "repos/o/r/compare/main...o:topic").toString());
    }

    @Test
    public void refusesEveryEscape() {
        for (String escape : new String[]{"https://evil.example/x", "http:%2F%2Fevil.example", "//evil.example/x",
                "%2F%2Fevil.example/x", "../admin", "repos/../../admin", "%2e%2e/admin", "%2E%2E%2Fadmin",
                "repos/%252e%252e/%252e%252e/admin", "a/./b", "..\\admin", "%5c%5cevil.example", "a%00b",
                "javascript:alert(1)", "repos/o/r?x=1 2", "a/%zz"}) {
            try {
                URI resolved = ApiPaths.resolve(BASE, escape);
                fail(escape + " was let through as " + resolved);
            } catch (InvalidApiPathException expected) {
                // refused with a reason
            }
        }
    }
}
