package io.plugboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Provisioning end to end against WireMock standing in for GitHub, GitLab and Semaphore: applying an event source
 * creates the provider's webhook with the integration's secret (each stub matches the documented method, path, auth
 * header and the whole JSON body, so a wrong shape is a 404 and a Failed state), a delivery signed with that secret is
 * accepted, and the last event source going deletes the hook. The request journal is off, so calls are proven by
 * WireMock scenarios that only a matching request moves on.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ProvisioningIT extends PlugboardTestSupport {

    private static final String YAML = "application/yaml";
    private static final String WIREMOCK = WireMockStubs.BASE;
    private static final Duration WITHIN = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newHttpClient();
    private final WireMockStubs wiremock = new WireMockStubs();

    @After
    public void removeStubs() throws Exception {
        wiremock.removeAll();
    }

    private void stub(String method, String url, String authorization, JsonNode body, int status, String answer,
                      String scenario, String from, String to) throws Exception {
        wiremock.stub(method, url, authorization, body, status, answer, scenario, from, to);
    }

    private String scenario(String name) throws Exception {
        return wiremock.scenario(name);
    }

    private static String hmacHex(String secret, String body) throws Exception {
        return WireMockStubs.hmacHex(secret, body);
    }

    @Test
    public void aGitHubRepositoryHookFollowsItsEventSources() throws Exception {
        String token = adminToken();
        String webhookUrl = applyIntegration(token, "gh-prov", "TYPE_GITHUB", "/ghprov", "ghp_prov_token", "gh-hook-secret");
        String api = "/ghprov/api/v3/repos/octo/prov/hooks";
        // https://docs.github.com/en/rest/repos/webhooks
        stub("GET", api + "?per_page=100", "Bearer ghp_prov_token", null, 200, "[]", null, null, null);
        ObjectNode body = githubHook("push", webhookUrl, "gh-hook-secret");
        body.put("name", "web");
        stub("POST", api, "Bearer ghp_prov_token", body, 201, "{\"id\": 4242}", "gh-prov", "Started", "created");
        stub("DELETE", api + "/4242", "Bearer ghp_prov_token", null, 204, null, "gh-prov", "created", "deleted");

        apply(token, "kind: EventSource\nmetadata: {name: gh-prov-push}\nspec: {integration: {domain: ORGANIZATION, "
                + "name: gh-prov}, github: {repository: octo/prov, event: push}}\n");
        waitForHooks(token, "gh-prov", 1);
        JsonNode hooks = provisioning(token, "gh-prov").path("hooks");
        assertEquals(hooks.toString(), 1, hooks.size());
        assertEquals("repos/octo/prov", hooks.get(0).path("target").asText());
        assertEquals("4242", hooks.get(0).path("id").asText());
        assertEquals("created", scenario("gh-prov"));
        JsonNode sourceStatus = json(get("/api/v1/eventsources/gh-prov-push", token)).path("status").path("provisioning");
        assertEquals(sourceStatus.toString(), "Ready", sourceStatus.path("state").asText());
        assertEquals("4242", sourceStatus.path("hooks").get(0).path("id").asText());
        assertEquals("Ready", integration(token, "gh-prov").path("status").path("phase").asText());

        // a delivery signed with the secret the hook was made with is accepted
        String delivery = "{\"ref\":\"refs/heads/main\",\"repository\":{\"full_name\":\"octo/prov\"}}";
        HttpResponse<String> accepted = client.send(HttpRequest.newBuilder(URI.create(BASE + URI.create(webhookUrl).getPath()))
                .header("Content-Type", "application/json").header("X-GitHub-Event", "push")
                .header("X-GitHub-Delivery", "prov-" + System.nanoTime())
                .header("X-Hub-Signature-256", "sha256=" + hmacHex("gh-hook-secret", delivery))
                .POST(HttpRequest.BodyPublishers.ofString(delivery)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(accepted.body(), 202, accepted.statusCode());

        // the shell shows the same
        assertTrue(executeCommand("plugboard:integration-get gh-prov").contains("4242"));

        // the last event source for the repository goes: so does its hook
        assertEquals(204, send("DELETE", "/api/v1/eventsources/gh-prov-push", token, null, null).statusCode());
        waitFor("the hook deleted", WITHIN, () -> "deleted".equals(scenario("gh-prov")));
        waitForProvisioning(token, "gh-prov", "no hooks left", p -> p.path("hooks").size() == 0);
        assertEquals(204, send("DELETE", "/api/v1/integrations/gh-prov", token, null, null).statusCode());
        String log = java.nio.file.Files.readString(java.nio.file.Paths.get(System.getProperty("karaf.data"), "log", "karaf.log"));
        assertTrue("the token is not logged", !log.contains("ghp_prov_token"));
        assertTrue("the webhook secret is not logged", !log.contains("gh-hook-secret"));
    }

    @Test
    public void aGitHubHookPointingHereIsAdoptedARefusalIsAReasonAndDeletingTheIntegrationDeletesItsHooks() throws Exception {
        String token = adminToken();
        String webhookUrl = applyIntegration(token, "gh-adopt", "TYPE_GITHUB", "/ghadopt", "ghp_adopt", "adopt-secret");
        String api = "/ghadopt/api/v3/repos/octo/adopt/hooks";
        stub("GET", api + "?per_page=100", "Bearer ghp_adopt", null, 200, "[{\"id\": 5, \"config\": {\"url\": "
                + "\"https://elsewhere.example/hook\"}}, {\"id\": 7, \"config\": {\"url\": \"" + webhookUrl + "\"}}]", null, null, null);
        ObjectNode body = githubHook("*", webhookUrl, "adopt-secret");
        // only a PATCH of hook 7 is stubbed: a POST (a duplicate) would be answered 404 and fail the run
        stub("PATCH", api + "/7", "Bearer ghp_adopt", body, 200, "{\"id\": 7}", null, null, null);
        stub("DELETE", api + "/7", "Bearer ghp_adopt", null, 204, null, "gh-adopt", "Started", "deleted");
        stub("GET", "/ghadopt/api/v3/repos/octo/locked/hooks?per_page=100", "Bearer ghp_adopt", null, 403,
                "{\"message\": \"Resource not accessible by personal access token\"}", null, null, null);

        apply(token, "kind: EventSource\nmetadata: {name: gh-adopt-all}\nspec: {integration: {domain: ORGANIZATION, "
                + "name: gh-adopt}, github: {repository: octo/adopt}}\n");
        waitForHooks(token, "gh-adopt", 1);
        assertEquals("7", provisioning(token, "gh-adopt").path("hooks").get(0).path("id").asText());

        apply(token, "kind: EventSource\nmetadata: {name: gh-adopt-locked}\nspec: {integration: {domain: ORGANIZATION, "
                + "name: gh-adopt}, github: {repository: octo/locked, event: push}}\n");
        waitFor("Failed with what the token lacks", WITHIN, () -> "Failed".equals(provisioning(token, "gh-adopt").path("state").asText()));
        String reason = provisioning(token, "gh-adopt").path("reason").asText();
        assertTrue(reason, reason.contains("admin:repo_hook") && reason.contains("octo/locked")
                && reason.contains("Resource not accessible by personal access token"));
        assertTrue("no token in " + reason, !reason.contains("ghp_adopt"));
        JsonNode locked = json(get("/api/v1/eventsources/gh-adopt-locked", token)).path("status").path("provisioning");
        assertEquals("Failed", locked.path("state").asText());
        assertEquals("Error", integration(token, "gh-adopt").path("status").path("phase").asText());

        // a filter GitHub cannot serve is refused at apply, with its field, and nothing is stored
        HttpResponse<String> refused = send("POST", "/api/v1/apply", token, YAML, "kind: EventSource\nmetadata: {name: "
                + "gh-adopt-bad}\nspec: {integration: {domain: ORGANIZATION, name: gh-adopt}, github: {repository: 'not a repo'}}\n");
        assertEquals(refused.body(), 400, refused.statusCode());
        assertTrue(refused.body(), refused.body().contains("spec.github") && refused.body().contains("owner/name"));
        assertEquals(404, get("/api/v1/eventsources/gh-adopt-bad", token).statusCode());

        // run again on request: REST answers the integration with its provisioning, still Failed
        HttpResponse<String> again = send("POST", "/api/v1/integrations/gh-adopt/provision", token, null, null);
        assertEquals(again.body(), 200, again.statusCode());
        assertEquals("Failed", json(again).path("status").path("provisioning").path("state").asText());
        assertTrue(executeCommand("plugboard:integration-provision gh-adopt").contains("State: Failed"));
        assertJsonError(send("POST", "/api/v1/integrations/nope/provision", token, null, null), 404, "not_found");

        // the integration goes with its event sources: every hook it made is deleted
        assertEquals(204, send("DELETE", "/api/v1/integrations/gh-adopt?cascade=true", token, null, null).statusCode());
        waitFor("the adopted hook deleted", WITHIN, () -> "deleted".equals(scenario("gh-adopt")));
    }

    @Test
    public void aGitLabProjectHookCarriesTheSecretAsItsTokenAndTheFlagsOfTheEvents() throws Exception {
        String token = adminToken();
        String webhookUrl = applyIntegration(token, "gl-prov", "TYPE_GITLAB", "/glprov", "glpat-prov", "gl-hook-secret");
        String api = "/glprov/api/v4/projects/group%2Fprov/hooks";
        // https://docs.gitlab.com/api/project_webhooks/
        stub("GET", api + "?per_page=100", "Bearer glpat-prov", null, 200, "[]", null, null, null);
        ObjectNode body = JSON.createObjectNode();
        body.put("url", webhookUrl);
        body.put("token", "gl-hook-secret");
        body.put("enable_ssl_verification", true);
        for (String flag : new String[] {"push_events", "tag_push_events", "merge_requests_events", "issues_events",
                "note_events", "pipeline_events", "job_events", "deployment_events", "releases_events"}) {
            body.put(flag, flag.equals("pipeline_events"));
        }
        stub("POST", api, "Bearer glpat-prov", body, 201, "{\"id\": 31}", "gl-prov", "Started", "created");
        stub("DELETE", api + "/31", "Bearer glpat-prov", null, 204, null, "gl-prov", "created", "deleted");

        apply(token, "kind: EventSource\nmetadata: {name: gl-prov-pipelines}\nspec: {integration: {domain: ORGANIZATION, "
                + "name: gl-prov}, gitlab: {project: group/prov, event: Pipeline Hook}}\n");
        waitForHooks(token, "gl-prov", 1);
        assertEquals("31", provisioning(token, "gl-prov").path("hooks").get(0).path("id").asText());
        assertEquals("created", scenario("gl-prov"));

        String delivery = "{\"object_kind\":\"pipeline\",\"project\":{\"path_with_namespace\":\"group/prov\"},"
                + "\"object_attributes\":{\"ref\":\"main\",\"tag\":false,\"status\":\"success\"}}";
        HttpResponse<String> accepted = client.send(HttpRequest.newBuilder(URI.create(BASE + URI.create(webhookUrl).getPath()))
                .header("Content-Type", "application/json").header("X-Gitlab-Event", "Pipeline Hook")
                .header("X-Gitlab-Token", "gl-hook-secret").header("Idempotency-Key", "gl-" + System.nanoTime())
                .POST(HttpRequest.BodyPublishers.ofString(delivery)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(accepted.body(), 202, accepted.statusCode());

        assertEquals(204, send("DELETE", "/api/v1/eventsources/gl-prov-pipelines", token, null, null).statusCode());
        waitFor("the hook deleted", WITHIN, () -> "deleted".equals(scenario("gl-prov")));
        assertEquals(204, send("DELETE", "/api/v1/integrations/gl-prov", token, null, null).statusCode());
    }

    @Test
    public void aSemaphoreNotificationPostsTheProjectsPipelinesSignedWithTheSecret() throws Exception {
        String token = adminToken();
        String webhookUrl = applyIntegration(token, "sem-prov", "TYPE_SEMAPHORE", "/semprov", "sem-api-token", "sem-hook-secret");
        // https://docs.semaphoreci.com/reference/api: v1beta secrets, v1alpha notifications
        stub("GET", "/semprov/api/v1beta/secrets/plugboard-sem-prov-webhook", "Token sem-api-token", null, 404,
                "{\"message\": \"not found\"}", null, null, null);
        ObjectNode secret = JSON.createObjectNode();
        secret.put("apiVersion", "v1beta");
        secret.put("kind", "Secret");
        secret.putObject("metadata").put("name", "plugboard-sem-prov-webhook");
        ObjectNode variable = secret.putObject("data").putArray("env_vars").addObject();
        variable.put("name", "WEBHOOK_SECRET");
        variable.put("value", "sem-hook-secret");
        stub("POST", "/semprov/api/v1beta/secrets", "Token sem-api-token", secret, 200,
                "{\"metadata\": {\"id\": \"s-1\", \"name\": \"plugboard-sem-prov-webhook\"}}", "sem-secret", "Started", "created");
        stub("GET", "/semprov/api/v1alpha/notifications/plugboard-sem-prov", "Token sem-api-token", null, 404,
                "{\"message\": \"not found\"}", null, null, null);
        ObjectNode notification = JSON.createObjectNode();
        notification.put("apiVersion", "v1alpha");
        notification.put("kind", "Notification");
        notification.putObject("metadata").put("name", "plugboard-sem-prov");
        ObjectNode rule = notification.putObject("spec").putArray("rules").addObject();
        rule.put("name", "plugboard");
        rule.putObject("filter").putArray("projects").add("web");
        ObjectNode webhook = rule.putObject("notify").putObject("webhook");
        webhook.put("endpoint", webhookUrl);
        webhook.put("secret", "plugboard-sem-prov-webhook");
        stub("POST", "/semprov/api/v1alpha/notifications", "Token sem-api-token", notification, 200,
                "{\"metadata\": {\"id\": \"n-1\", \"name\": \"plugboard-sem-prov\"}}", "sem-prov", "Started", "created");
        stub("DELETE", "/semprov/api/v1alpha/notifications/n-1", "Token sem-api-token", null, 200, "{}", "sem-prov",
                "created", "deleted");
        stub("DELETE", "/semprov/api/v1beta/secrets/plugboard-sem-prov-webhook", "Token sem-api-token", null, 200, "{}",
                "sem-secret", "created", "deleted");

        apply(token, "kind: EventSource\nmetadata: {name: sem-prov-web}\nspec: {integration: {domain: ORGANIZATION, "
                + "name: sem-prov}, semaphore: {project: web}}\n");
        waitForHooks(token, "sem-prov", 1);
        JsonNode hook = provisioning(token, "sem-prov").path("hooks").get(0);
        assertEquals("notifications/plugboard-sem-prov", hook.path("target").asText());
        assertEquals("n-1", hook.path("id").asText());
        assertEquals("created", scenario("sem-secret"));

        String delivery = "{\"workflow\":{\"id\":\"w-1\"},\"pipeline\":{\"id\":\"p-1\",\"result\":\"passed\",\"name\":\"Build\"},"
                + "\"project\":{\"name\":\"web\"},\"revision\":{\"branch\":{\"name\":\"main\"}}}";
        HttpResponse<String> accepted = client.send(HttpRequest.newBuilder(URI.create(BASE + URI.create(webhookUrl).getPath()))
                .header("Content-Type", "application/json")
                .header("X-Semaphore-Signature-256", hmacHex("sem-hook-secret", delivery))
                .POST(HttpRequest.BodyPublishers.ofString(delivery)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(accepted.body(), 202, accepted.statusCode());

        assertEquals(204, send("DELETE", "/api/v1/eventsources/sem-prov-web", token, null, null).statusCode());
        waitFor("the notification deleted", WITHIN, () -> "deleted".equals(scenario("sem-prov")));
        waitFor("its secret deleted", WITHIN, () -> "deleted".equals(scenario("sem-secret")));
        assertEquals(204, send("DELETE", "/api/v1/integrations/sem-prov", token, null, null).statusCode());
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private void apply(String token, String yaml) throws Exception {
        HttpResponse<String> r = send("POST", "/api/v1/apply", token, YAML, yaml);
        assertTrue(r.body(), r.statusCode() == 201 || r.statusCode() == 200);
    }

    private String applyIntegration(String token, String name, String type, String prefix, String apiToken,
                                    String hookSecret) throws Exception {
        return applyTokenIntegration(token, name, type, WIREMOCK + prefix, apiToken, hookSecret);
    }

    /** The body GitHub documents for a hook's update (a create adds {@code name: web}). */
    private static ObjectNode githubHook(String event, String url, String secret) {
        ObjectNode body = JSON.createObjectNode();
        body.put("active", true);
        body.putArray("events").add(event);
        ObjectNode config = body.putObject("config");
        config.put("url", url);
        config.put("content_type", "json");
        config.put("secret", secret);
        config.put("insecure_ssl", "0");
        return body;
    }

    private JsonNode integration(String token, String name) throws Exception {
        return json(get("/api/v1/integrations/" + name, token));
    }

    /** Until the integration is Ready with {@code count} hooks (a run before the event source came is Ready with none). */
    private void waitForHooks(String token, String name, int count) throws Exception {
        waitFor(name + " Ready with " + count + " hook(s)", WITHIN, () -> {
            JsonNode p = provisioning(token, name);
            if ("Failed".equals(p.path("state").asText())) {
                throw new AssertionError("provisioning failed: " + p);
            }
            return "Ready".equals(p.path("state").asText()) && p.path("hooks").size() == count;
        });
    }

    /** Polls the integration's provisioning until {@code done}; a timeout says what was seen last. */
    private void waitForProvisioning(String token, String name, String what,
                                     java.util.function.Predicate<JsonNode> done) throws Exception {
        JsonNode[] last = new JsonNode[1];
        try {
            waitFor(what, WITHIN, () -> done.test(last[0] = integration(token, name).path("status").path("provisioning")));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last seen: " + last[0], e);
        }
    }

    private JsonNode provisioning(String token, String name) throws Exception {
        return integration(token, name).path("status").path("provisioning");
    }

}
