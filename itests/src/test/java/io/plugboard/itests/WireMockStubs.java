package io.plugboard.itests;

import static org.junit.Assert.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The stubs one test class registers on the WireMock server standing in for third-party APIs (its admin API), removed
 * after each test. Each stub matches the method, the whole URL, the auth header and (when given) the whole JSON body,
 * so a wrong request shape gets WireMock's 404. The request journal is off: calls are proven by scenarios that only a
 * matching request moves on.
 */
final class WireMockStubs {

    static final String BASE = "http://127.0.0.1:18481";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newHttpClient();
    private final List<String> ids = new ArrayList<>();

    /** Removes this class's stubs and resets every scenario. */
    void removeAll() throws Exception {
        for (String id : ids) {
            client.send(HttpRequest.newBuilder(URI.create(BASE + "/__admin/mappings/" + id)).DELETE().build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        ids.clear();
        client.send(HttpRequest.newBuilder(URI.create(BASE + "/__admin/scenarios/reset"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A stub; in a scenario when {@code scenario} is given, moving it from {@code from} to {@code to}. The
     * {@code authorization} header must equal the value given, or match it as a regular expression when it starts with
     * {@code regex:}, or must be missing for {@code absent}; an answer with {@code {{…}}} is a response template ({@code {{request.headers.Authorization}}}).
     */
    void stub(String method, String url, String authorization, JsonNode body, int status, String answer,
              String scenario, String from, String to) throws Exception {
        ObjectNode mapping = JSON.createObjectNode();
        ObjectNode request = mapping.putObject("request");
        request.put("method", method);
        request.put("url", url);
        if (authorization.equals("absent")) {
            request.putObject("headers").putObject("Authorization").put("absent", true);
        } else if (authorization.startsWith("regex:")) {
            request.putObject("headers").putObject("Authorization").put("matches", authorization.substring(6));
        } else {
            request.putObject("headers").putObject("Authorization").put("equalTo", authorization);
        }
        if (body != null) {
            ObjectNode pattern = request.putArray("bodyPatterns").addObject();
            pattern.put("equalToJson", JSON.writeValueAsString(body));
            pattern.put("ignoreArrayOrder", true);
            pattern.put("ignoreExtraElements", false);
        }
        ObjectNode response = mapping.putObject("response");
        response.put("status", status);
        if (answer != null) {
            response.put("body", answer);
            response.putObject("headers").put("Content-Type", "application/json");
            if (answer.contains("{{")) {
                response.putArray("transformers").add("response-template");
            }
        }
        if (scenario != null) {
            mapping.put("scenarioName", scenario);
            mapping.put("requiredScenarioState", from);
            mapping.put("newScenarioState", to);
        }
        mapping(mapping);
    }

    /** A stub as WireMock's own mapping JSON, for what {@link #stub} does not cover (form bodies, other headers). */
    void mapping(JsonNode mapping) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(BASE + "/__admin/mappings"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(mapping))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(r.body(), 201, r.statusCode());
        ids.add(JSON.readTree(r.body()).path("id").asText());
    }

    /** A scenario's state, {@code absent} when no stub names it. */
    String scenario(String name) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(BASE + "/__admin/scenarios")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        for (JsonNode s : JSON.readTree(r.body()).path("scenarios")) {
            if (name.equals(s.path("name").asText())) {
                return s.path("state").asText();
            }
        }
        return "absent";
    }

    static String hmacHex(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
