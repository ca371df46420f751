package io.plugboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The API proxy ({@code /api/v1/integrations/{name}/proxy/{path}}) against WireMock standing in for GitHub (stubs in
 * itests/src/test/wiremock/mappings/proxy-github-*.json): the stubs match only with the integration's token, GitHub's
 * Accept and API-version headers and none of the caller's cookies or scope headers, so a wrong request is a 404.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ProxyIT extends PlugboardTestSupport {

    private static final String YAML = "application/yaml";
    private static final String WIREMOCK = "http://127.0.0.1:18481";

    @Before
    public void applyIntegration() throws Exception {
        String docs = "kind: Secret\nmetadata: {name: gh-proxy}\nspec: {data: {token: ghp_proxy_token}}\n"
                + "---\nkind: Integration\nmetadata: {name: proxy-gh}\nspec: {type: TYPE_GITHUB, url: '" + WIREMOCK
                + "/ghproxy', auth: {use: AUTH_TYPE_TOKEN, token: {valueFrom: {secret: {name: gh-proxy, key: token}}}}}\n";
        HttpResponse<String> r = send("POST", "/api/v1/apply", adminToken(), YAML, docs);
        assertTrue(r.body(), r.statusCode() == 201 || r.statusCode() == 200);
    }

    @Test
    public void aCallGoesOutWithTheIntegrationsTokenAndComesBackAsItIs() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(BASE + "/api/v1/integrations/proxy-gh/proxy/repos/octo/hello?per_page=5"))
                .header("Authorization", "Bearer " + adminToken())
                .header("Cookie", "session=must-not-travel")
                .header("X-Plugboard-Organization", "default")
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(r.body(), 200, r.statusCode());
        assertEquals("octo/hello", json(r).path("full_name").asText());
        assertEquals("4999", r.headers().firstValue("X-RateLimit-Remaining").orElse(null));
        assertEquals("5000", r.headers().firstValue("X-RateLimit-Limit").orElse(null));
    }

    @Test
    public void aBodyIsForwardedAndTheProvidersStatusAndLocationReturn() throws Exception {
        HttpResponse<String> r = send("POST", "/api/v1/integrations/proxy-gh/proxy/repos/octo/hello/hooks", adminToken(),
                "application/json", "{\"name\":\"web\",\"events\":[\"push\"],\"config\":{\"url\":\"https://x\"}}");
        assertEquals(r.body(), 201, r.statusCode());
        assertEquals(7, json(r).path("id").asInt());
        assertTrue(r.headers().firstValue("Location").orElse("").endsWith("/hooks/7"));
    }

    @Test
    public void aProviderAnswerThatNoStubMatchesComesBackAsTheProvidersStatus() throws Exception {
        // WireMock answers 404 when a stub does not match: the wrong path shows it is forwarded, not answered by us
        HttpResponse<String> r = get("/api/v1/integrations/proxy-gh/proxy/repos/octo/other", adminToken());
        assertEquals(r.body(), 404, r.statusCode());
    }

    @Test
    public void pathsThatWouldLeaveTheApiBaseAreRefused() throws Exception {
        for (String escape : new String[]{"..%2F..%2F__admin%2Fmappings", "%2e%2e/%2e%2e/__admin/mappings",
                "https:%2F%2Fevil.example%2Fx", "%2F%2Fevil.example/x", "repos/%252e%252e/%252e%252e/__admin",
                "repos%5C..%5C..%5C__admin"}) {
            assertJsonError(get("/api/v1/integrations/proxy-gh/proxy/" + escape, adminToken()), 400, "invalid_path");
        }
    }

    @Test
    public void unknownIntegrationsAndMissingTokensAreClearErrors() throws Exception {
        assertJsonError(get("/api/v1/integrations/nope/proxy/user", adminToken()), 404, "not_found");
        assertJsonError(get("/api/v1/integrations/proxy-gh/proxy/user", null), 401, "unauthorized");
    }
}
