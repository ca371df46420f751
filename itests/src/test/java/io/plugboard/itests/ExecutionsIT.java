package io.plugboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.api.outbound.ApiClient;
import io.plugboard.api.provider.Action;
import io.plugboard.api.provider.ActionCall;
import io.plugboard.api.provider.ActionRun;
import io.plugboard.api.provider.Provider;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * Actions and executions end to end against WireMock standing in for GitHub, GitLab, Semaphore and Slack: every start
 * call's stub matches the documented method, path, auth header and the whole JSON body (a wrong shape is WireMock's
 * 404, and the execution's error); outcomes come from the providers' own completion webhooks, signed, or from a poll.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ExecutionsIT extends PlugboardTestSupport {

    private static final String WIREMOCK = WireMockStubs.BASE;
    private static final Duration WITHIN = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newHttpClient();
    private final WireMockStubs wiremock = new WireMockStubs();

    @Override
    protected Option[] extraOptions() {
        return new Option[] {
            editConfigurationFilePut("etc/io.plugboard.executions.cfg", "pollIntervalSeconds", "2"),
            // the server's GitHub App lives on WireMock's "GitHub" (web /ghsetup, API /ghsetup/api/v3)
            editConfigurationFilePut("etc/io.plugboard.github.cfg", "url", WIREMOCK + "/ghsetup"),
            editConfigurationFilePut("etc/io.plugboard.core.cfg", "publicUrl", BASE),
        };
    }

    @After
    public void removeStubs() throws Exception {
        wiremock.removeAll();
    }

    @Test
    public void aGitHubWorkflowRunsAndPassesOnItsWorkflowRunWebhook() throws Exception {
        String token = adminToken();
        String hook = applyTokenIntegration(token, "gh-exec", "TYPE_GITHUB", WIREMOCK + "/ghexec", "ghp_exec", "gh-exec-secret");
        // https://docs.github.com/en/rest/actions/workflows#create-a-workflow-dispatch-event
        ObjectNode dispatch = JSON.createObjectNode();
        dispatch.put("ref", "main");
        dispatch.putObject("inputs").put("env", "prod");
        wiremock.stub("POST", "/ghexec/api/v3/repos/octo/exec/actions/workflows/ci.yml/dispatches", "Bearer ghp_exec",
                dispatch, 204, null, "gh-dispatch", "Started", "dispatched");

        JsonNode provider = json(get("/api/v1/providers/github", token));
        assertEquals("run-workflow", provider.path("actions").get(0).path("name").asText());
        assertTrue(provider.toString(), provider.path("actions").get(0).path("inputSchema").path("required").toString()
                .contains("workflow"));

        JsonNode started = start(token, "{\"executor\": {\"type\": \"TYPE_GITHUB\", \"integration\": {\"domain\": "
                + "\"ORGANIZATION\", \"name\": \"gh-exec\"}, \"github\": {\"repository\": \"octo/exec\", \"workflow\": "
                + "\"ci.yml\", \"ref\": \"main\", \"inputs\": {\"env\": \"prod\"}}}}");
        assertEquals("PENDING", started.path("state").asText());
        String id = started.path("id").asText();
        JsonNode running = waitForState(token, id, "RUNNING");
        assertEquals("dispatched", wiremock.scenario("gh-dispatch"));
        assertEquals(running.toString(), "workflow_dispatch", running.path("ids").path("event").asText());

        // a run of another event (a push) is not this execution's
        sendGitHub(hook, "gh-exec-secret", "workflow_run", workflowRun(555, "push", "completed", "failure"));
        sendGitHub(hook, "gh-exec-secret", "workflow_run", workflowRun(777, "workflow_dispatch", "completed", "success"));
        JsonNode passed = waitForState(token, id, "PASSED");
        assertEquals(passed.toString(), "777", passed.path("ids").path("runId").asText());
        assertEquals("https://github.com/octo/exec/actions/runs/777", passed.path("outputs").path("runUrl").asText());
        assertTrue(executeCommand("plugboard:execution-show " + id).contains("runId: \"777\""));
    }

    @Test
    public void aDispatchThatMayHaveReachedGitHubIsNotRetried() throws Exception {
        String token = adminToken();
        applyTokenIntegration(token, "gh-fail", "TYPE_GITHUB", WIREMOCK + "/ghfail", "ghp_fail", "gh-fail-secret");
        ObjectNode dispatch = JSON.createObjectNode();
        dispatch.put("ref", "main");
        wiremock.stub("POST", "/ghfail/api/v3/repos/octo/fail/actions/workflows/ci.yml/dispatches", "Bearer ghp_fail",
                dispatch, 502, "{\"message\": \"Server Error\"}", "gh-fail", "Started", "once");
        wiremock.stub("POST", "/ghfail/api/v3/repos/octo/fail/actions/workflows/ci.yml/dispatches", "Bearer ghp_fail",
                dispatch, 502, "{\"message\": \"Server Error\"}", "gh-fail", "once", "twice");
        String id = start(token, executor("TYPE_GITHUB", "gh-fail", "github",
                "{\"repository\": \"octo/fail\", \"workflow\": \"ci.yml\", \"ref\": \"main\"}")).path("id").asText();
        JsonNode error = waitForState(token, id, "ERROR");
        assertTrue(error.toString(), error.path("reason").asText().contains("not tried again"));
        assertTrue(error.toString(), error.path("reason").asText().contains("Server Error"));
        assertEquals("called exactly once", "once", wiremock.scenario("gh-fail"));
    }

    @Test
    public void aStartThatSurelyDidNotReachTheProviderIsTriedAgain() throws Exception {
        String token = adminToken();
        // nothing listens on port 9: the connection is refused, so Slack cannot have seen the request
        applyTokenIntegration(token, "slack-retry", "TYPE_SLACK", "http://127.0.0.1:9", "xoxb-retry", "slack-retry-secret");
        ObjectNode message = JSON.createObjectNode();
        message.put("channel", "C0RETRY");
        message.put("text", "again");
        wiremock.stub("POST", "/slackretry/api/chat.postMessage", "Bearer xoxb-retry", message, 200,
                "{\"ok\": true, \"channel\": \"C0RETRY\", \"ts\": \"1733500001.000200\"}", "slack-retry", "Started", "posted");
        String id = start(token, executor("TYPE_SLACK", "slack-retry", "slack", "{\"channel\": \"C0RETRY\", \"text\": "
                + "\"again\"}")).path("id").asText();
        waitFor("a refused first attempt", WITHIN, () -> json(get("/api/v1/executions/" + id, token)).path("reason")
                .asText().contains("waiting to try again"));
        assertEquals("PENDING", json(get("/api/v1/executions/" + id, token)).path("state").asText());
        // the integration is pointed at the (WireMock) provider: the next attempt goes through, once
        applyTokenIntegration(token, "slack-retry", "TYPE_SLACK", WIREMOCK + "/slackretry", "xoxb-retry", "slack-retry-secret");
        JsonNode passed = waitForState(token, id, "PASSED");
        assertEquals("1733500001.000200", passed.path("outputs").path("ts").asText());
        assertEquals("posted", wiremock.scenario("slack-retry"));
    }

    @Test
    public void aGitLabPipelineFailsOnItsPipelineHookAndARunningOneCanBeCancelled() throws Exception {
        String token = adminToken();
        String hook = applyTokenIntegration(token, "gl-exec", "TYPE_GITLAB", WIREMOCK + "/glexec", "glpat-exec", "gl-exec-secret");
        // https://docs.gitlab.com/api/pipelines/#create-a-new-pipeline
        ObjectNode create = JSON.createObjectNode();
        create.put("ref", "main");
        create.putArray("variables").addObject().put("key", "DEPLOY").put("value", "1");
        wiremock.stub("POST", "/glexec/api/v4/projects/grp%2Fexec/pipeline", "Bearer glpat-exec", create, 201,
                "{\"id\": 91, \"status\": \"created\", \"web_url\": \"https://gitlab.com/grp/exec/-/pipelines/91\"}",
                "gl-create", "Started", "first");
        wiremock.stub("POST", "/glexec/api/v4/projects/grp%2Fexec/pipeline", "Bearer glpat-exec", create, 201,
                "{\"id\": 92, \"status\": \"pending\"}", "gl-create", "first", "second");
        String input = "{\"project\": \"grp/exec\", \"ref\": \"main\", \"variables\": {\"DEPLOY\": 1}}";
        String first = start(token, executor("TYPE_GITLAB", "gl-exec", "gitlab", input)).path("id").asText();
        assertEquals("91", waitForState(token, first, "RUNNING").path("ids").path("pipelineId").asText());

        String body = "{\"object_kind\": \"pipeline\", \"object_attributes\": {\"id\": 91, \"status\": \"failed\", "
                + "\"ref\": \"main\"}, \"project\": {\"path_with_namespace\": \"grp/exec\"}}";
        HttpResponse<String> accepted = client.send(HttpRequest.newBuilder(URI.create(BASE + URI.create(hook).getPath()))
                .header("Content-Type", "application/json").header("X-Gitlab-Event", "Pipeline Hook")
                .header("X-Gitlab-Token", "gl-exec-secret").header("Idempotency-Key", "gl-" + System.nanoTime())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(accepted.body(), 202, accepted.statusCode());
        JsonNode failed = waitForState(token, first, "FAILED");
        assertEquals("the pipeline failed", failed.path("reason").asText());

        // https://docs.gitlab.com/api/pipelines/#cancel-a-pipelines-jobs
        String second = start(token, executor("TYPE_GITLAB", "gl-exec", "gitlab", input)).path("id").asText();
        waitForState(token, second, "RUNNING");
        wiremock.stub("POST", "/glexec/api/v4/projects/grp%2Fexec/pipelines/92/cancel", "Bearer glpat-exec", null, 200,
                "{\"id\": 92, \"status\": \"canceled\"}", "gl-cancel", "Started", "cancelled");
        HttpResponse<String> cancelled = send("POST", "/api/v1/executions/" + second + "/cancel", token, null, null);
        assertEquals(cancelled.body(), 200, cancelled.statusCode());
        assertEquals("CANCELLED", json(cancelled).path("state").asText());
        assertEquals("cancelled", wiremock.scenario("gl-cancel"));
        assertJsonError(send("POST", "/api/v1/executions/" + second + "/cancel", token, null, null), 409, "conflict");
    }

    @Test
    public void aSemaphorePipelineThatSendsNoWebhookPassesByPolling() throws Exception {
        String token = adminToken();
        applyTokenIntegration(token, "sem-exec", "TYPE_SEMAPHORE", WIREMOCK + "/semexec", "sem-exec-token", "sem-exec-secret");
        wiremock.stub("POST", "/semexec/api/v1alpha/plumber-workflows", "Token sem-exec-token",
                semaphoreRun("p-42", "refs/heads/main", ".semaphore/deploy.yml", Map.of("TARGET", "staging")), 200,
                "{\"workflow_id\": \"wf-1\", \"pipeline_id\": \"ppl-1\", \"hook_id\": \"h-1\"}", null, null, null);
        // https://docs.semaphoreci.com/reference/api#describe-pipeline
        wiremock.stub("GET", "/semexec/api/v1alpha/pipelines/ppl-1", "Token sem-exec-token", null, 200,
                "{\"pipeline\": {\"ppl_id\": \"ppl-1\", \"wf_id\": \"wf-1\", \"state\": \"done\", \"result\": \"passed\"}}",
                null, null, null);
        String id = start(token, executor("TYPE_SEMAPHORE", "sem-exec", "semaphore", "{\"projectId\": \"p-42\", "
                + "\"branch\": \"main\", \"pipelineFile\": \".semaphore/deploy.yml\", \"parameters\": {\"TARGET\": \"staging\"}}"))
                .path("id").asText();
        JsonNode passed = waitForState(token, id, "PASSED");
        assertEquals("ppl-1", passed.path("ids").path("pipelineId").asText());
        assertEquals("passed", passed.path("outputs").path("result").asText());
    }

    @Test
    public void aSlackMessageIsPostedAndBadInputIsRefusedWithNothingRun() throws Exception {
        String token = adminToken();
        applyTokenIntegration(token, "slack-exec", "TYPE_SLACK", WIREMOCK + "/slackexec", "xoxb-exec", "slack-exec-secret");
        // https://docs.slack.dev/reference/methods/chat.postMessage
        ObjectNode message = JSON.createObjectNode();
        message.put("channel", "C0123456789");
        message.put("text", "deployed");
        wiremock.stub("POST", "/slackexec/api/chat.postMessage", "Bearer xoxb-exec", message, 200,
                "{\"ok\": true, \"channel\": \"C0123456789\", \"ts\": \"1733500000.000100\"}", null, null, null);

        // the outcome is published on EventAdmin and on the SSE stream
        List<Event> published = new CopyOnWriteArrayList<>();
        Hashtable<String, Object> topics = new Hashtable<>();
        topics.put(EventConstants.EVENT_TOPIC, "plugboard/executions/slack/*");
        ServiceRegistration<EventHandler> handler = bundleContext.registerService(EventHandler.class, published::add, topics);
        HttpResponse<java.util.stream.Stream<String>> stream = client.send(HttpRequest.newBuilder(
                URI.create(BASE + "/api/v1/executions/stream?integration=slack-exec"))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, stream.statusCode());
        assertTrue(stream.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try {
                stream.body().forEach(lines::add);
            } catch (java.io.UncheckedIOException closedByTheTest) {
                // the finally below closes the stream
            }
        });
        reader.setDaemon(true);
        reader.start();
        String id;
        try {
            String out = executeCommand("plugboard:execute slack-exec post-message channel=C0123456789 text=deployed --wait");
            assertTrue(out, out.contains("PASSED"));
            assertTrue(out, out.contains("1733500000.000100"));
            JsonNode latest = json(get("/api/v1/executions?integration=slack-exec&limit=1", token)).path("items").path(0);
            assertEquals(latest.toString(), "PASSED", latest.path("state").asText());
            id = latest.path("id").asText();
            waitFor("the PASSED event on the executions stream", WITHIN, () -> lines.contains("id: " + id)
                    && lines.contains("event: PASSED"));
            assertTrue(lines.toString(), lines.stream().anyMatch(l -> l.startsWith("data: ") && l.contains(id)
                    && l.contains("1733500000.000100")));
            waitFor("the PASSED event on EventAdmin", WITHIN, () -> published.stream().anyMatch(
                    e -> "plugboard/executions/slack/passed".equals(e.getTopic()) && id.equals(e.getProperty("id"))));
            Event passed = published.stream().filter(e -> e.getTopic().endsWith("/passed")).findFirst().orElseThrow();
            assertEquals("slack-exec", passed.getProperty("integration"));
            assertEquals("post-message", passed.getProperty("action"));
            assertEquals("PASSED", passed.getProperty("state"));
        } finally {
            stream.body().close();
            handler.unregister();
        }
        assertTrue(executeCommand("plugboard:action-list").contains("post-message"));

        int before = json(get("/api/v1/executions?integration=slack-exec", token)).path("items").size();
        HttpResponse<String> invalid = send("POST", "/api/v1/executions", token, "application/json",
                executor("TYPE_SLACK", "slack-exec", "slack", "{\"text\": 5, \"colour\": \"red\"}"));
        assertJsonError(invalid, 400, "invalid");
        String fields = json(invalid).path("details").toString();
        assertTrue(fields, fields.contains("executor.slack.channel"));
        assertTrue(fields, fields.contains("executor.slack.colour"));
        assertTrue(fields, fields.contains("executor.slack.text"));
        assertJsonError(send("POST", "/api/v1/executions", token, "application/json", "{\"executor\": {\"type\": "
                + "\"TYPE_SLACK\", \"integration\": {\"name\": \"slack-exec\"}, \"action\": \"fly\", \"slack\": {}}}"),
                404, "not_found");
        assertJsonError(send("POST", "/api/v1/executions", token, "application/json",
                executor("TYPE_SLACK", "no-such-integration", "slack", "{\"channel\": \"C1\", \"text\": \"x\"}")), 404, "not_found");
        assertEquals("nothing stored", before, json(get("/api/v1/executions?integration=slack-exec", token)).path("items").size());
        assertJsonError(get("/api/v1/executions/no-such-execution", token), 404, "not_found");
    }

    @Test
    public void connectionExpressionsInTheInputAreResolvedForTheCallAndNeverStored() throws Exception {
        String token = adminToken();
        applyTokenIntegration(token, "gl-conn", "TYPE_GITLAB", WIREMOCK + "/glconn", "glpat-conn", "gl-conn-secret");
        HttpResponse<String> created = send("POST", "/api/v1/connections", token, "application/json",
                "{\"type\": \"pagerduty/token@1\", \"name\": \"oncall\", \"input\": {\"token\": \"pd-conn-token\"}}");
        assertEquals(created.body(), 201, created.statusCode());
        // https://docs.gitlab.com/api/pipelines/#create-a-new-pipeline: the variable carries the connection's token
        ObjectNode create = JSON.createObjectNode();
        create.put("ref", "main");
        create.putArray("variables").addObject().put("key", "PD_TOKEN").put("value", "pd-conn-token");
        wiremock.stub("POST", "/glconn/api/v4/projects/grp%2Fconn/pipeline", "Bearer glpat-conn", create, 201,
                "{\"id\": 93, \"status\": \"created\"}", null, null, null);
        // https://docs.gitlab.com/api/pipelines/#get-a-single-pipeline
        wiremock.stub("GET", "/glconn/api/v4/projects/grp%2Fconn/pipelines/93", "Bearer glpat-conn", null, 200,
                "{\"id\": 93, \"status\": \"success\"}", null, null, null);
        String id = start(token, executor("TYPE_GITLAB", "gl-conn", "gitlab", "{\"project\": \"grp/conn\", \"ref\": "
                + "\"main\", \"variables\": {\"PD_TOKEN\": \"${connections.pagerduty.oncall.token}\"}}")).path("id").asText();
        JsonNode passed = waitForState(token, id, "PASSED");
        assertEquals("93", passed.path("ids").path("pipelineId").asText());
        assertEquals("the expression is stored, not the token", "${connections.pagerduty.oncall.token}",
                passed.path("input").path("variables").path("PD_TOKEN").asText());
        assertFalse(passed.toString().contains("pd-conn-token"));
        assertFalse(executeCommand("plugboard:execution-show " + id).contains("pd-conn-token"));

        int before = json(get("/api/v1/executions?integration=gl-conn", token)).path("items").size();
        HttpResponse<String> missing = send("POST", "/api/v1/executions", token, "application/json", executor("TYPE_GITLAB",
                "gl-conn", "gitlab", "{\"project\": \"grp/conn\", \"ref\": \"main\", \"variables\": {\"PD_TOKEN\": "
                + "\"${connections.pagerduty.nobody.token}\"}}"));
        assertJsonError(missing, 400, "invalid");
        assertTrue(missing.body(), json(missing).path("details").toString().contains("executor.gitlab"));
        assertTrue(missing.body(), missing.body().contains("nobody"));
        assertEquals("nothing stored", before, json(get("/api/v1/executions?integration=gl-conn", token)).path("items").size());

        // a property marked x-relay-connectionType takes a connection's name; the action is given the stored object
        List<Map<String, Object>> given = new CopyOnWriteArrayList<>();
        Hashtable<String, Object> gitlab = new Hashtable<>();
        gitlab.put(Provider.PROVIDER_PROPERTY, "gitlab");
        ServiceRegistration<Action> page = bundleContext.registerService(Action.class, new Action() {
            public String name() { return "page-oncall"; }
            public String inputSchema() {
                return "{\"type\": \"object\", \"required\": [\"oncall\"], \"properties\": {\"oncall\": {\"type\": "
                        + "\"string\", \"x-relay-connectionType\": \"pagerduty/token@1\"}}, \"additionalProperties\": false}";
            }
            public ActionRun start(ApiClient api, ActionCall call) {
                given.add(call.input());
                return ActionRun.passed(Map.of("page", "1"), Map.of());
            }
        }, gitlab);
        try {
            waitFor("the probe's action listed", WITHIN, () -> json(get("/api/v1/providers/gitlab", token)).path("actions")
                    .toString().contains("page-oncall"));
            String paged = start(token, "{\"executor\": {\"type\": \"TYPE_GITLAB\", \"integration\": {\"name\": "
                    + "\"gl-conn\"}, \"action\": \"page-oncall\", \"gitlab\": {\"oncall\": \"oncall\"}}}").path("id").asText();
            waitForState(token, paged, "PASSED");
            assertEquals(given.toString(), 1, given.size());
            assertEquals(Map.of("token", "pd-conn-token"), given.get(0).get("oncall"));
            assertJsonError(send("POST", "/api/v1/executions", token, "application/json", "{\"executor\": {\"type\": "
                    + "\"TYPE_GITLAB\", \"integration\": {\"name\": \"gl-conn\"}, \"action\": \"page-oncall\", "
                    + "\"gitlab\": {\"oncall\": \"nobody\"}}}"), 400, "invalid");
        } finally {
            page.unregister();
        }
        waitFor("the probe's action gone with its service", WITHIN, () -> !json(get("/api/v1/providers/gitlab", token))
                .path("actions").toString().contains("page-oncall"));
    }

    @Test
    public void aGitHubPushStartsOneSemaphorePipelineThroughSpecExecuteAlsoOnReplay() throws Exception {
        String token = adminToken();
        String ghHook = applyTokenIntegration(token, "gh-src", "TYPE_GITHUB", WIREMOCK + "/ghsrc", "ghp_src", "gh-src-secret");
        String semHook = applyTokenIntegration(token, "sem-ci", "TYPE_SEMAPHORE", WIREMOCK + "/semci", "sem-ci-token",
                "sem-ci-secret");
        wiremock.stub("POST", "/semci/api/v1alpha/plumber-workflows", "Token sem-ci-token",
                semaphoreRun("p-7", "refs/heads/release", ".semaphore/semaphore.yml", Map.of()), 200,
                "{\"workflow_id\": \"wf-9\", \"pipeline_id\": \"ppl-9\", \"hook_id\": \"h-9\"}", "sem-ci", "Started", "ran");
        wiremock.stub("POST", "/semci/api/v1alpha/plumber-workflows", "Token sem-ci-token",
                semaphoreRun("p-7", "refs/heads/release", ".semaphore/semaphore.yml", Map.of()), 200,
                "{\"workflow_id\": \"wf-10\", \"pipeline_id\": \"ppl-10\", \"hook_id\": \"h-10\"}", "sem-ci", "ran", "twice");
        HttpResponse<String> applied = send("POST", "/api/v1/apply", token, "application/yaml", "kind: EventSource\n"
                + "metadata: {name: push-to-ci}\nspec:\n  integration: {domain: ORGANIZATION, name: gh-src}\n"
                + "  github: {repository: octo/src}\n  execute:\n    executor:\n      type: TYPE_SEMAPHORE\n"
                + "      integration: {domain: ORGANIZATION, name: sem-ci}\n"
                + "      semaphore: {projectId: p-7, branch: '${event.body.ref}'}\n");
        assertTrue(applied.body(), applied.statusCode() / 100 == 2);

        String push = "{\"ref\":\"refs/heads/release\",\"repository\":{\"full_name\":\"octo/src\"}}";
        String eventId = json(sendGitHub(ghHook, "gh-src-secret", "push", push)).path("id").asText();
        JsonNode[] found = new JsonNode[1];
        waitFor("an execution started by the push", WITHIN, () -> {
            JsonNode items = json(get("/api/v1/executions?integration=sem-ci", token)).path("items");
            found[0] = items.size() == 1 ? items.get(0) : null;
            return found[0] != null && "RUNNING".equals(found[0].path("state").asText());
        });
        String id = found[0].path("id").asText();
        assertEquals("eventSource:push-to-ci/" + eventId, found[0].path("trigger").asText());
        assertEquals("refs/heads/release", found[0].path("input").path("branch").asText());

        // Semaphore's notification: pipeline_done, signed with the integration's secret
        String done = "{\"workflow\": {\"id\": \"wf-9\"}, \"pipeline\": {\"id\": \"ppl-9\", \"result\": \"passed\", "
                + "\"name\": \"Build\"}, \"project\": {\"name\": \"src\"}, \"revision\": {\"branch\": {\"name\": \"release\"}}}";
        HttpResponse<String> accepted = client.send(HttpRequest.newBuilder(URI.create(BASE + URI.create(semHook).getPath()))
                .header("Content-Type", "application/json")
                .header("X-Semaphore-Signature-256", WireMockStubs.hmacHex("sem-ci-secret", done))
                .POST(HttpRequest.BodyPublishers.ofString(done)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(accepted.body(), 202, accepted.statusCode());
        waitForState(token, id, "PASSED");

        // a replay delivers the push again, but it has started its execution already
        HttpResponse<String> replay = send("POST", "/api/v1/events/" + eventId + "/replay", token, null, null);
        assertTrue(replay.body(), replay.statusCode() / 100 == 2);
        waitFor("the replay delivered", WITHIN, () -> json(get("/api/v1/events/" + eventId, token)).path("deliveries")
                .path(0).path("attemptLog").size() == 2);
        assertEquals(1, json(get("/api/v1/executions?integration=sem-ci", token)).path("items").size());
        assertEquals("Semaphore was called once", "ran", wiremock.scenario("sem-ci"));
    }

    @Test
    public void aGitHubAppIntegrationActsWithOneInstallationTokenForTheProxyAWorkflowAndAHook() throws Exception {
        String token = adminToken();
        applyGitHubApp(token, "gh-app", "/ghapp", "Iv23liPlugboard", "4242", pem(rsa()), "gh-app-secret");
        String webhookUrl = json(get("/api/v1/integrations/gh-app", token)).path("status").path("webhookUrl").asText();
        // https://docs.github.com/en/rest/apps/apps#create-an-installation-access-token-for-an-app: asked for with the
        // app's JWT; a second request would find no stub in this state
        wiremock.stub("POST", "/ghapp/api/v3/app/installations/4242/access_tokens", APP_JWT, JSON.createObjectNode(), 201,
                "{\"token\": \"ghs_app4242\", \"expires_at\": \"" + Instant.now().plus(Duration.ofHours(1)) + "\"}",
                "gh-app-token", "Started", "issued");

        // the proxy
        wiremock.stub("GET", "/ghapp/api/v3/repos/octo/app", "Bearer ghs_app4242", null, 200,
                "{\"full_name\": \"octo/app\"}", null, null, null);
        HttpResponse<String> proxied = get("/api/v1/integrations/gh-app/proxy/repos/octo/app", token);
        assertEquals(proxied.body(), 200, proxied.statusCode());
        assertEquals("octo/app", json(proxied).path("full_name").asText());
        assertEquals("Healthy", json(get("/api/v1/integrations/gh-app", token)).path("status").path("credential")
                .path("state").asText());

        // a workflow run
        ObjectNode dispatch = JSON.createObjectNode();
        dispatch.put("ref", "main");
        wiremock.stub("POST", "/ghapp/api/v3/repos/octo/app/actions/workflows/ci.yml/dispatches", "Bearer ghs_app4242",
                dispatch, 204, null, "gh-app-dispatch", "Started", "dispatched");
        String id = start(token, executor("TYPE_GITHUB", "gh-app", "github",
                "{\"repository\": \"octo/app\", \"workflow\": \"ci.yml\", \"ref\": \"main\"}")).path("id").asText();
        waitForState(token, id, "RUNNING");
        assertEquals("dispatched", wiremock.scenario("gh-app-dispatch"));

        // a repository hook (https://docs.github.com/en/rest/repos/webhooks#create-a-repository-webhook)
        wiremock.stub("GET", "/ghapp/api/v3/repos/octo/app/hooks?per_page=100", "Bearer ghs_app4242", null, 200, "[]",
                null, null, null);
        ObjectNode hook = JSON.createObjectNode();
        hook.put("name", "web");
        hook.put("active", true);
        hook.putArray("events").add("push");
        ObjectNode config = hook.putObject("config");
        config.put("url", webhookUrl);
        config.put("content_type", "json");
        config.put("secret", "gh-app-secret");
        config.put("insecure_ssl", "0");
        wiremock.stub("POST", "/ghapp/api/v3/repos/octo/app/hooks", "Bearer ghs_app4242", hook, 201, "{\"id\": 99}",
                "gh-app-hook", "Started", "created");
        HttpResponse<String> source = send("POST", "/api/v1/apply", token, "application/yaml", "kind: EventSource\n"
                + "metadata: {name: gh-app-push}\nspec: {integration: {domain: ORGANIZATION, name: gh-app}, "
                + "github: {repository: octo/app, event: push}}\n");
        assertTrue(source.body(), source.statusCode() / 100 == 2);
        waitFor("the hook created with the installation token", WITHIN, () -> "created".equals(wiremock.scenario("gh-app-hook")));

        // one token served all of it, and is never shown
        assertEquals(200, get("/api/v1/integrations/gh-app/proxy/repos/octo/app", token).statusCode());
        assertEquals("one token request", "issued", wiremock.scenario("gh-app-token"));
        assertFalse(get("/api/v1/integrations/gh-app", token).body().contains("ghs_app4242"));
        String log = java.nio.file.Files.readString(java.nio.file.Paths.get(System.getProperty("karaf.data"), "log",
                "karaf.log"));
        assertFalse("no installation token in the log", log.contains("ghs_app4242"));
        assertFalse("no private key in the log", log.contains("PRIVATE KEY"));
        assertFalse("no JWT in the log", log.contains("eyJhbGciOiJSUzI1NiJ9"));
    }

    @Test
    public void theAppsJwtIsSignedWithItsKeyNamesTheAppAndLastsAtMostTenMinutes() throws Exception {
        String token = adminToken();
        KeyPair app = rsa();
        // GitHub's PEM is PKCS#1 ("BEGIN RSA PRIVATE KEY"): the PKCS#8 form less its fixed 26-byte header (2048 bits)
        byte[] pkcs8 = app.getPrivate().getEncoded();
        String pkcs1 = "-----BEGIN RSA PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(java.util.Arrays.copyOfRange(pkcs8, 26, pkcs8.length)) + "\n-----END RSA PRIVATE KEY-----\n";
        applyGitHubApp(token, "gh-jwt", "/ghjwt", "Iv23liJwt", "777", pkcs1, "gh-jwt-secret");
        // here the "token" GitHub answers is the Authorization header it was sent, so that the next call shows the JWT
        wiremock.stub("POST", "/ghjwt/api/v3/app/installations/777/access_tokens", APP_JWT, JSON.createObjectNode(), 201,
                "{\"token\": \"{{{request.headers.Authorization}}}\", \"expires_at\": \""
                        + Instant.now().plus(Duration.ofHours(1)) + "\"}", null, null, null);
        wiremock.stub("GET", "/ghjwt/api/v3/user", "regex:Bearer Bearer .+", null, 200,
                "{\"seen\": \"{{{request.headers.Authorization}}}\"}", null, null, null);
        HttpResponse<String> seen = get("/api/v1/integrations/gh-jwt/proxy/user", token);
        assertEquals(seen.body(), 200, seen.statusCode());
        Instant now = Instant.now();
        String[] jwt = json(seen).path("seen").asText().substring("Bearer Bearer ".length()).split("\\.");
        assertEquals(3, jwt.length);
        java.security.Signature rs256 = java.security.Signature.getInstance("SHA256withRSA");
        rs256.initVerify(app.getPublic());
        rs256.update((jwt[0] + "." + jwt[1]).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertTrue("signed with the app's private key", rs256.verify(java.util.Base64.getUrlDecoder().decode(jwt[2])));
        JsonNode header = JSON.readTree(java.util.Base64.getUrlDecoder().decode(jwt[0]));
        JsonNode claims = JSON.readTree(java.util.Base64.getUrlDecoder().decode(jwt[1]));
        assertEquals("RS256", header.path("alg").asText());
        assertEquals("Iv23liJwt", claims.path("iss").asText());
        long iat = claims.path("iat").asLong();
        long exp = claims.path("exp").asLong();
        assertTrue(claims.toString(), iat <= now.getEpochSecond() - 50 && iat >= now.getEpochSecond() - 120);
        assertTrue(claims.toString(), exp > now.getEpochSecond() && exp - iat <= 600);
    }

    @Test
    public void aGitHubAppIntegrationThatCannotWorkIsRefusedWithNothingStored() throws Exception {
        String token = adminToken();
        HttpResponse<String> slack = send("POST", "/api/v1/apply", token, "application/json", "{\"kind\": \"Integration\", "
                + "\"metadata\": {\"name\": \"not-github\"}, \"spec\": {\"type\": \"TYPE_SLACK\", \"auth\": {\"use\": "
                + "\"AUTH_TYPE_GITHUB_APP\", \"githubApp\": {\"clientId\": \"Iv1\", \"installationId\": \"1\", "
                + "\"privateKey\": {\"valueFrom\": {\"secret\": {\"name\": \"nowhere\", \"key\": \"pem\"}}}}}}}");
        assertJsonError(slack, 400, "invalid");
        assertTrue(slack.body(), json(slack).path("details").toString().contains("the slack provider issues no "
                + "AUTH_TYPE_GITHUB_APP credentials"));
        HttpResponse<String> noSecret = send("POST", "/api/v1/apply", token, "application/json", "{\"kind\": "
                + "\"Integration\", \"metadata\": {\"name\": \"not-github\"}, \"spec\": {\"type\": \"TYPE_GITHUB\", "
                + "\"auth\": {\"use\": \"AUTH_TYPE_GITHUB_APP\", \"githubApp\": {\"clientId\": \"Iv1\", "
                + "\"installationId\": 1, \"privateKey\": {\"valueFrom\": {\"secret\": {\"name\": \"nowhere\", "
                + "\"key\": \"pem\"}}}}}}}");
        assertJsonError(noSecret, 400, "invalid");
        assertTrue(noSecret.body(), noSecret.body().contains("spec.auth.githubApp.privateKey.valueFrom.secret.name"));
        HttpResponse<String> noInstallation = send("POST", "/api/v1/apply", token, "application/json", "{\"kind\": "
                + "\"Integration\", \"metadata\": {\"name\": \"not-github\"}, \"spec\": {\"type\": \"TYPE_GITHUB\", "
                + "\"auth\": {\"use\": \"AUTH_TYPE_GITHUB_APP\"}}}");
        assertJsonError(noInstallation, 400, "invalid");
        assertTrue(noInstallation.body(), noInstallation.body().contains("githubApp"));
        assertJsonError(get("/api/v1/integrations/not-github", token), 404, "not_found");

        // a key that cannot be read shows on the first call, with the reason and nothing sent
        applyGitHubApp(token, "gh-badkey", "/ghbadkey", "Iv23liBad", "5", "ssh-rsa AAAAB3NzaC1yc2E", "gh-badkey-secret");
        HttpResponse<String> unusable = get("/api/v1/integrations/gh-badkey/proxy/user", token);
        assertJsonError(unusable, 409, "credential_unavailable");
        assertTrue(unusable.body(), unusable.body().contains("not a PEM RSA private key"));
        JsonNode badKey = credentialStatus(token, "gh-badkey", "Unhealthy");
        assertTrue(badKey.toString(), badKey.path("reason").asText().contains("not a PEM RSA private key"));

        // an installation GitHub no longer knows (the app was uninstalled): Unhealthy, with what to check
        applyGitHubApp(token, "gh-gone", "/ghgone", "Iv23liGone", "6", pem(rsa()), "gh-gone-secret");
        wiremock.stub("POST", "/ghgone/api/v3/app/installations/6/access_tokens", APP_JWT, JSON.createObjectNode(), 404,
                "{\"message\": \"Not Found\"}", null, null, null);
        assertJsonError(get("/api/v1/integrations/gh-gone/proxy/user", token), 409, "credential_unavailable");
        JsonNode gone = credentialStatus(token, "gh-gone", "Unhealthy");
        assertTrue(gone.toString(), gone.path("reason").asText().contains("installation 6"));
    }

    @Test
    public void theAppWebhookIsVerifiedRoutedByInstallationAndRecordsTheInstallationsState() throws Exception {
        String token = adminToken();
        // the server's app: its registration Secret signs for integrations that name no key of their own
        registerServerApp(token);
        HttpResponse<String> r = send("POST", "/api/v1/apply", token, "application/yaml", "kind: Integration\nmetadata: {name: gh-inst}\n"
                + "spec:\n  type: TYPE_GITHUB\n  url: '" + WIREMOCK + "/ghinst'\n  auth:\n    use: AUTH_TYPE_GITHUB_APP\n"
                + "    githubApp: {installationId: 9001, account: octo-org}\n");
        assertTrue(r.body(), r.statusCode() / 100 == 2);
        waitFor("gh-inst provisioned", WITHIN, () -> "Ready".equals(json(get("/api/v1/integrations/gh-inst", token))
                .path("status").path("phase").asText()));
        // https://docs.github.com/en/rest/apps/apps#create-an-installation-access-token-for-an-app, as the server's app
        wiremock.stub("POST", "/ghinst/api/v3/app/installations/9001/access_tokens", APP_JWT, JSON.createObjectNode(), 201,
                "{\"token\": \"ghs_inst9001\", \"expires_at\": \"" + Instant.now().plus(Duration.ofHours(1)) + "\"}",
                null, null, null);
        wiremock.stub("GET", "/ghinst/api/v3/repos/octo-org/site", "Bearer ghs_inst9001", null, 200, "{\"id\": 1}",
                null, null, null);
        HttpResponse<String> proxied = get("/api/v1/integrations/gh-inst/proxy/repos/octo-org/site", token);
        assertEquals(proxied.body(), 200, proxied.statusCode());

        // not signed with the app's webhook secret: refused, nothing recorded
        String suspend = installationEvent("suspend", 9001, "octo-org");
        HttpResponse<String> forged = appWebhook("installation", "forged-1", "another-secret", suspend);
        assertJsonError(forged, 401, "unauthorized");
        assertTrue(json(get("/api/v1/integrations/gh-inst", token)).path("status").path("installation").isMissingNode());

        HttpResponse<String> suspended = appWebhook("installation", "inst-1", "app-hook-secret", suspend);
        assertEquals(suspended.body(), 202, suspended.statusCode());
        assertEquals("default/gh-inst", json(suspended).path("integrations").get(0).asText());
        JsonNode status = json(get("/api/v1/integrations/gh-inst", token)).path("status");
        assertEquals(status.toString(), "Suspended", status.path("installation").path("state").asText());
        assertEquals("octo-org", status.path("installation").path("account").asText());
        JsonNode unhealthy = credentialStatus(token, "gh-inst", "Unhealthy");
        assertTrue(unhealthy.toString(), unhealthy.path("reason").asText().contains("suspended"));
        // the same delivery again is a duplicate: stored once
        HttpResponse<String> again = appWebhook("installation", "inst-1", "app-hook-secret", suspend);
        assertEquals(again.body(), 200, again.statusCode());
        assertTrue(again.body(), json(again).path("duplicate").asBoolean());
        String uid = json(get("/api/v1/integrations/gh-inst", token)).path("metadata").path("uid").asText();
        JsonNode events = json(get("/api/v1/events?integration=" + uid + "&limit=100", token)).path("items");
        assertEquals(events.toString(), 1, events.size());
        assertEquals("installation", events.get(0).path("eventType").asText());

        appWebhook("installation", "inst-2", "app-hook-secret", installationEvent("unsuspend", 9001, "octo-org"));
        assertEquals("Active", json(get("/api/v1/integrations/gh-inst", token)).path("status").path("installation")
                .path("state").asText());
        credentialStatus(token, "gh-inst", "Healthy");

        ObjectNode added = (ObjectNode) JSON.readTree(installationEvent("added", 9001, "octo-org"));
        added.putArray("repositories_added").addObject().put("id", 7).put("name", "new").put("full_name", "octo-org/new");
        added.putArray("repositories_removed");
        appWebhook("installation_repositories", "inst-3", "app-hook-secret", JSON.writeValueAsString(added));
        JsonNode repositories = json(get("/api/v1/integrations/gh-inst", token)).path("status").path("installation");
        assertEquals(repositories.toString(), "octo-org/new", repositories.path("repositories").path("added").get(0).asText());
        assertEquals("Active", repositories.path("state").asText());

        appWebhook("installation", "inst-4", "app-hook-secret", installationEvent("deleted", 9001, "octo-org"));
        assertEquals("Deleted", json(get("/api/v1/integrations/gh-inst", token)).path("status").path("installation")
                .path("state").asText());
        assertTrue(credentialStatus(token, "gh-inst", "Unhealthy").path("reason").asText().contains("uninstalled"));

        // an installation no integration is of: taken, routed nowhere; no installation id at all: 400
        HttpResponse<String> nobody = appWebhook("installation", "inst-5", "app-hook-secret",
                installationEvent("created", 12345, "someone"));
        assertEquals(nobody.body(), 202, nobody.statusCode());
        assertEquals(0, json(nobody).path("integrations").size());
        assertJsonError(appWebhook("ping", "inst-6", "app-hook-secret", "{\"zen\": \"Keep it simple.\"}"), 400,
                "invalid_delivery");
        send("DELETE", "/api/v1/integrations/gh-inst", token, null, null);
    }

    @Test
    public void theAppIsInstalledThroughTheSetupUrlOnlyWithAValidStateAndAProvenInstallation() throws Exception {
        String token = adminToken();
        registerServerApp(token);
        assertJsonError(send("POST", "/api/v1/github/app/installations", null, "application/json", "{}"), 401,
                "unauthorized");
        assertJsonError(send("POST", "/api/v1/github/app/installations", token, "application/json",
                "{\"organization\": \"Not A Name\"}"), 400, "invalid");
        // https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-user-access-token-for-a-github-app
        ObjectNode exchange = JSON.createObjectNode().put("client_id", "Iv23liServer")
                .put("client_secret", "app-client-secret").put("code", "good-code");
        wiremock.stub("POST", "/ghsetup/login/oauth/access_token", "absent", exchange, 200,
                "{\"access_token\": \"ghu_user\", \"token_type\": \"bearer\"}", null, null, null);
        // https://docs.github.com/en/rest/apps/installations#list-app-installations-accessible-to-the-user-access-token
        wiremock.stub("GET", "/ghsetup/api/v3/user/installations?per_page=100", "Bearer ghu_user", null, 200,
                "{\"total_count\": 2, \"installations\": [{\"id\": 3100, \"account\": {\"login\": \"octo-org\"}}, "
                        + "{\"id\": 3200, \"account\": {\"login\": \"evil-org\"}}]}", null, null, null);
        HttpClient browser = browser();

        // no state: not from an install link of this server
        assertPage(browser, setup(3100, null), 400, "no state");
        // the state of another browser
        String state = startInstall(token, browser, "acme", "octo-org");
        assertPage(browser(), setup(3100, state), 400, "another browser");
        // an installation of another account than the link was made for
        assertPage(browser, setup(3200, state), 400, "evil-org");
        // the same state again: replayed
        assertPage(browser, setup(3100, state), 400, "used already");
        // an installation the user's token does not list (forged installation_id)
        assertPage(browser, setup(9999, startInstall(token, browser, "acme", null)), 400, "not among");
        assertEquals(0, json(get("/api/v1/integrations?organization=acme", token)).path("items").size());

        HttpResponse<String> done = assertPage(browser, setup(3100, startInstall(token, browser, "acme", "octo-org")),
                200, "acme/github-octo-org");
        assertTrue(done.body(), done.body().contains("installation 3100"));
        JsonNode integration = json(get("/api/v1/integrations/github-octo-org?organization=acme", token));
        assertEquals(integration.toString(), "TYPE_GITHUB", integration.path("spec").path("type").asText());
        JsonNode auth = integration.path("spec").path("auth");
        assertEquals("AUTH_TYPE_GITHUB_APP", auth.path("use").asText());
        assertEquals("3100", auth.path("githubApp").path("installationId").asText());
        assertEquals("octo-org", auth.path("githubApp").path("account").asText());
        // once connected, the installation is not taken again
        assertPage(browser, setup(3100, startInstall(token, browser, "acme", null)), 400, "connected already");
        assertEquals(1, json(get("/api/v1/integrations?organization=acme", token)).path("items").size());
        send("DELETE", "/api/v1/integrations/github-octo-org?organization=acme", token, null, null);

        // the shell gives the same link
        String printed = executeCommand("plugboard:github-app-install --organization acme --account octo-org");
        assertTrue(printed, printed.contains(BASE + "/integrations/github/install?ticket="));
        assertTrue(printed, printed.contains("for the account octo-org"));
    }

    @Test
    public void withoutUserAuthorizationTheInstallationIsProvenByTheAppsJwtAndItsSignedWebhook() throws Exception {
        String token = adminToken();
        registerServerApp(token);
        // https://docs.github.com/en/rest/apps/apps#get-an-installation-for-the-authenticated-app, signed as the app
        for (String[] i : new String[][] {{"4100", "octo-two"}, {"4200", "octo-three"}}) {
            wiremock.stub("GET", "/ghsetup/api/v3/app/installations/" + i[0], APP_JWT, null, 200, "{\"id\": " + i[0]
                    + ", \"account\": {\"login\": \"" + i[1] + "\", \"type\": \"Organization\"}}", null, null, null);
        }
        wiremock.stub("GET", "/ghsetup/api/v3/app/installations/4300", APP_JWT, null, 404, "{\"message\": \"Not Found\"}",
                null, null, null);
        HttpClient browser = browser();

        // a made-up installation id: GitHub does not know it as this app's
        assertPage(browser, setupWithoutCode(4300, startInstall(token, browser, "beta", null)), 400,
                "not an installation of this app");
        // the browser first: it waits for GitHub's webhook; an unsigned one does not count
        assertPage(browser, setupWithoutCode(4100, startInstall(token, browser, "beta", null)), 202, "Waiting for GitHub");
        assertEquals(404, get("/api/v1/integrations/github-octo-two?organization=beta", token).statusCode());
        assertJsonError(appWebhook("installation", "proof-1", "not-the-app-secret", installationEvent("created", 4100,
                "octo-two")), 401, "unauthorized");
        assertEquals(404, get("/api/v1/integrations/github-octo-two?organization=beta", token).statusCode());
        HttpResponse<String> signed = appWebhook("installation", "proof-2", "app-hook-secret",
                installationEvent("created", 4100, "octo-two"));
        assertEquals(signed.body(), 202, signed.statusCode());
        assertEquals("beta/github-octo-two", json(signed).path("integrations").get(0).asText());
        JsonNode made = json(get("/api/v1/integrations/github-octo-two?organization=beta", token));
        assertEquals(made.toString(), "4100", made.path("spec").path("auth").path("githubApp").path("installationId").asText());
        assertEquals("Active", made.path("status").path("installation").path("state").asText());

        // the webhook first: the setup that follows completes at once
        appWebhook("installation", "proof-3", "app-hook-secret", installationEvent("created", 4200, "octo-three"));
        assertPage(browser, setupWithoutCode(4200, startInstall(token, browser, "beta", null)), 200, "beta/github-octo-three");
        assertEquals(2, json(get("/api/v1/integrations?organization=beta", token)).path("items").size());
        send("DELETE", "/api/v1/integrations/github-octo-two?organization=beta", token, null, null);
        send("DELETE", "/api/v1/integrations/github-octo-three?organization=beta", token, null, null);
    }

    private static String setupWithoutCode(long installation, String state) {
        return BASE + "/integrations/github/app_installation?installation_id=" + installation + "&setup_action=install"
                + "&state=" + java.net.URLEncoder.encode(state, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    public void theAppIsCreatedFromItsManifestAndItsSecretsAreShownOnce() throws Exception {
        String token = adminToken();
        send("DELETE", "/api/v1/secrets/github-app", token, null, null);
        String printed = executeCommand("plugboard:github-app-create --owner octo-org");
        assertTrue(printed, printed.contains(BASE + "/integrations/github/app_manifest?ticket="));
        HttpResponse<String> link = send("POST", "/api/v1/github/app/manifest", token, "application/json",
                "{\"owner\": \"octo-org\", \"name\": \"Plugboard Test\"}");
        assertEquals(link.body(), 201, link.statusCode());
        HttpClient browser = browser();
        HttpResponse<String> form = browser.send(HttpRequest.newBuilder(URI.create(json(link).path("url").asText()))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(form.body(), 200, form.statusCode());
        java.util.regex.Matcher action = java.util.regex.Pattern.compile("action=\"([^\"]+)\"").matcher(form.body());
        assertTrue(form.body(), action.find());
        String prefix = WIREMOCK + "/ghsetup/organizations/octo-org/settings/apps/new?state=";
        String target = unescape(action.group(1));
        assertTrue(target, target.startsWith(prefix));
        String state = java.net.URLDecoder.decode(target.substring(prefix.length()), java.nio.charset.StandardCharsets.UTF_8);
        java.util.regex.Matcher value = java.util.regex.Pattern.compile("name=\"manifest\" value=\"([^\"]+)\"")
                .matcher(form.body());
        assertTrue(form.body(), value.find());
        // https://docs.github.com/en/apps/sharing-github-apps/registering-a-github-app-from-a-manifest#github-app-manifest-parameters
        JsonNode manifest = JSON.readTree(unescape(value.group(1)));
        assertEquals("Plugboard Test", manifest.path("name").asText());
        assertEquals(BASE + "/integrations/github/app_webhook", manifest.path("hook_attributes").path("url").asText());
        assertEquals(BASE + "/integrations/github/app_installation", manifest.path("setup_url").asText());
        assertEquals(BASE + "/integrations/github/app_manifest/callback", manifest.path("redirect_url").asText());
        assertEquals("write", manifest.path("default_permissions").path("actions").asText());
        assertEquals("write", manifest.path("default_permissions").path("repository_hooks").asText());
        assertTrue(manifest.path("request_oauth_on_install").asBoolean());

        // https://docs.github.com/en/rest/apps/apps#create-a-github-app-from-a-manifest (no authentication)
        ObjectNode conversion = JSON.createObjectNode();
        conversion.put("id", 777001).put("slug", "plugboard-test").put("client_id", "Iv23liMade")
                .put("client_secret", "made-client-secret").put("webhook_secret", "made-hook-secret")
                .put("pem", pem(rsa())).put("html_url", "https://github.com/apps/plugboard-test");
        conversion.putObject("owner").put("login", "octo-org");
        wiremock.stub("POST", "/ghsetup/api/v3/app-manifests/mcode123/conversions", "absent", null, 201,
                JSON.writeValueAsString(conversion), null, null, null);
        String callback = BASE + "/integrations/github/app_manifest/callback?code=mcode123&state="
                + java.net.URLEncoder.encode(state, java.nio.charset.StandardCharsets.UTF_8);
        assertPage(browser(), callback, 400, "another browser");
        assertEquals(404, get("/api/v1/secrets/github-app", token).statusCode());
        HttpResponse<String> created = assertPage(browser, callback, 200, "plugboard-test");
        assertTrue("the client secret, shown once", created.body().contains("made-client-secret"));
        assertTrue("the private key, shown once", created.body().contains("BEGIN PRIVATE KEY"));
        HttpResponse<String> again = assertPage(browser, callback, 400, "used already");
        assertFalse(again.body().contains("made-client-secret"));
        String stored = get("/api/v1/secrets/github-app", token).body();
        assertFalse(stored, stored.contains("made-client-secret"));
        for (String key : new String[] {"appId", "slug", "clientId", "clientSecret", "webhookSecret", "privateKey"}) {
            assertTrue(stored, stored.contains("\"" + key + "\""));
        }
        // the registration works: the app webhook takes the new webhook secret; a second app is refused
        assertEquals(202, appWebhook("installation", "made-1", "made-hook-secret", installationEvent("created", 55,
                "octo-org")).statusCode());
        assertJsonError(send("POST", "/api/v1/github/app/manifest", token, "application/json", "{}"), 409, "conflict");
    }

    private static String unescape(String html) {
        return html.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }

    /** A browser: keeps cookies, follows no redirect. */
    private static HttpClient browser() {
        return HttpClient.newBuilder().cookieHandler(new java.net.CookieManager(null, java.net.CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** An install link opened in {@code browser}: the state its redirect to GitHub carries. */
    private String startInstall(String token, HttpClient browser, String organization, String account) throws Exception {
        HttpResponse<String> link = send("POST", "/api/v1/github/app/installations", token, "application/json",
                "{\"organization\": \"" + organization + "\"" + (account == null ? "" : ", \"account\": \"" + account
                        + "\"") + "}");
        assertEquals(link.body(), 201, link.statusCode());
        String url = json(link).path("url").asText();
        assertTrue(url, url.startsWith(BASE + "/integrations/github/install?ticket="));
        HttpResponse<String> opened = browser.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(opened.body(), 302, opened.statusCode());
        String location = opened.headers().firstValue("Location").orElse("");
        String prefix = WIREMOCK + "/ghsetup/apps/plugboard-test/installations/new?state=";
        assertTrue(location, location.startsWith(prefix));
        // the ticket works once
        assertEquals(400, browser().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        return java.net.URLDecoder.decode(location.substring(prefix.length()), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String setup(long installation, String state) {
        return BASE + "/integrations/github/app_installation?installation_id=" + installation + "&setup_action=install"
                + "&code=good-code" + (state == null ? "" : "&state=" + java.net.URLEncoder.encode(state,
                java.nio.charset.StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> assertPage(HttpClient browser, String url, int status, String says)
            throws Exception {
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(page.body(), status, page.statusCode());
        assertTrue(page.body(), page.body().contains(says));
        return page;
    }

    /** The server's GitHub App registration Secret {@code default/github-app}. */
    private void registerServerApp(String token) throws Exception {
        ObjectNode registration = JSON.createObjectNode();
        registration.put("kind", "Secret");
        registration.putObject("metadata").put("name", "github-app");
        registration.putObject("spec").putObject("data").put("clientId", "Iv23liServer").put("privateKey", pem(rsa()))
                .put("webhookSecret", "app-hook-secret").put("slug", "plugboard-test")
                .put("clientSecret", "app-client-secret");
        HttpResponse<String> r = send("POST", "/api/v1/apply", token, "application/json", JSON.writeValueAsString(registration));
        assertTrue(r.body(), r.statusCode() / 100 == 2);
    }

    /** An {@code installation} event (https://docs.github.com/en/webhooks/webhook-events-and-payloads#installation). */
    private static String installationEvent(String action, long installation, String account) throws Exception {
        ObjectNode body = JSON.createObjectNode();
        body.put("action", action);
        ObjectNode inst = body.putObject("installation");
        inst.put("id", installation);
        inst.putObject("account").put("login", account).put("type", "Organization");
        inst.put("repository_selection", "selected");
        return JSON.writeValueAsString(body);
    }

    /** A delivery to the GitHub App's webhook, signed with {@code secret}. */
    private HttpResponse<String> appWebhook(String event, String delivery, String secret, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(BASE + "/integrations/github/app_webhook"))
                .header("Content-Type", "application/json").header("X-GitHub-Event", event)
                .header("X-GitHub-Delivery", delivery)
                .header("X-Hub-Signature-256", "sha256=" + WireMockStubs.hmacHex(secret, body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The integration's {@code status.credential} once it is in {@code state}. */
    private JsonNode credentialStatus(String token, String integration, String state) throws Exception {
        JsonNode[] last = new JsonNode[1];
        try {
            waitFor(integration + "'s credential " + state, WITHIN, () -> state.equals((last[0] = json(get(
                    "/api/v1/integrations/" + integration, token)).path("status").path("credential")).path("state").asText()));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last: " + last[0], e);
        }
        return last[0];
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    /** The {@code Authorization} of a request signed as the app: a JWT (three base64url parts). */
    private static final String APP_JWT = "regex:Bearer eyJ[A-Za-z0-9_-]+\\.eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+";

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static String pem(KeyPair key) {
        return "-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(key.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    }

    /** A secret with the app's private key and the webhook secret, and a GitHub App integration using them. */
    private void applyGitHubApp(String token, String name, String path, String clientId, String installation,
                                String privateKey, String hookSecret) throws Exception {
        ObjectNode secret = JSON.createObjectNode();
        secret.put("kind", "Secret");
        secret.putObject("metadata").put("name", name);
        secret.putObject("spec").putObject("data").put("privateKey", privateKey).put("hook", hookSecret);
        HttpResponse<String> r = send("POST", "/api/v1/apply", token, "application/json", JSON.writeValueAsString(secret));
        assertTrue(r.body(), r.statusCode() / 100 == 2);
        r = send("POST", "/api/v1/apply", token, "application/yaml", "kind: Integration\nmetadata: {name: " + name + "}\n"
                + "spec:\n  type: TYPE_GITHUB\n  url: '" + WIREMOCK + path + "'\n  auth:\n    use: AUTH_TYPE_GITHUB_APP\n"
                + "    githubApp:\n      clientId: " + clientId + "\n      installationId: " + installation + "\n"
                + "      privateKey: {valueFrom: {secret: {name: " + name + ", key: privateKey}}}\n"
                + "  webhook: {secret: {valueFrom: {secret: {name: " + name + ", key: hook}}}}\n");
        assertTrue(r.body(), r.statusCode() / 100 == 2);
        // its first provisioning run (no event sources yet: nothing to create) has written the status
        waitFor(name + " provisioned", WITHIN, () -> "Ready".equals(json(get("/api/v1/integrations/" + name, token))
                .path("status").path("phase").asText()));
    }

    private JsonNode start(String token, String body) throws Exception {
        HttpResponse<String> r = send("POST", "/api/v1/executions", token, "application/json", body);
        assertEquals(r.body(), 201, r.statusCode());
        JsonNode created = json(r);
        assertEquals(BASE + "/api/v1/executions/" + created.path("id").asText(), r.headers().firstValue("Location").orElse(""));
        return created;
    }

    private static String executor(String type, String integration, String provider, String input) {
        return "{\"executor\": {\"type\": \"" + type + "\", \"integration\": {\"domain\": \"ORGANIZATION\", \"name\": \""
                + integration + "\"}, \"" + provider + "\": " + input + "}}";
    }

    /** Until the execution is in {@code state}; fails at once when it finished in another one. */
    private JsonNode waitForState(String token, String id, String state) throws Exception {
        JsonNode[] last = new JsonNode[1];
        try {
            waitFor("execution " + id + " " + state, WITHIN, () -> {
                last[0] = json(get("/api/v1/executions/" + id, token));
                String now = last[0].path("state").asText();
                if (!now.equals(state) && !now.equals("PENDING") && !now.equals("RUNNING")) {
                    throw new AssertionError("execution " + id + " is " + now + ", not " + state + ": " + last[0]);
                }
                return now.equals(state);
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last seen: " + last[0], e);
        }
        return last[0];
    }

    private HttpResponse<String> sendGitHub(String hookUrl, String secret, String event, String body) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(BASE + URI.create(hookUrl).getPath()))
                .header("Content-Type", "application/json").header("X-GitHub-Event", event)
                .header("X-GitHub-Delivery", "exec-" + System.nanoTime())
                .header("X-Hub-Signature-256", "sha256=" + WireMockStubs.hmacHex(secret, body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(r.body(), 202, r.statusCode());
        return r;
    }

    /** A workflow_run webhook (https://docs.github.com/en/webhooks/webhook-events-and-payloads#workflow_run). */
    private static String workflowRun(long id, String event, String status, String conclusion) throws Exception {
        ObjectNode body = JSON.createObjectNode();
        body.put("action", status);
        ObjectNode run = body.putObject("workflow_run");
        run.put("id", id);
        run.put("event", event);
        run.put("status", status);
        run.put("conclusion", conclusion);
        run.put("path", ".github/workflows/ci.yml");
        run.put("workflow_id", 161335);
        run.put("head_branch", "main");
        run.put("html_url", "https://github.com/octo/exec/actions/runs/" + id);
        run.put("created_at", Instant.now().toString());
        body.putObject("repository").put("full_name", "octo/exec");
        return JSON.writeValueAsString(body);
    }

    /** The body of Semaphore's "Run workflow" as Plugboard sends it. */
    private static ObjectNode semaphoreRun(String project, String reference, String pipelineFile, Map<String, String> parameters) {
        ObjectNode body = JSON.createObjectNode();
        body.put("project_id", project);
        body.put("reference", reference);
        body.put("pipeline_file", pipelineFile);
        if (!parameters.isEmpty()) {
            ArrayNode list = body.putArray("parameters");
            parameters.forEach((k, v) -> list.addObject().put("name", k).put("value", v));
        }
        return body;
    }
}
