package io.plugboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * OpenID Connect both ways, over real HTTP.
 * <ul>
 *   <li>Plugboard as an issuer: its discovery document and JWKS are public, and the tokens it signs verify with an
 *       independent JOSE library (jose4j; Plugboard signs with nimbus) that takes the keys from the discovery
 *       document - also across a key rotation. A proxy call through an {@code AUTH_TYPE_OIDC} integration carries
 *       such a token; the AWS provider exchanges one with STS (WireMock, the documented request) and signs the call
 *       with SigV4.</li>
 *   <li>Inbound: CI jobs' ID tokens, issued by a real OIDC server (mock-oauth2-server, with the claims each test
 *       chooses), may post events for an integration with {@code spec.oidc} and complete its executions; with one
 *       claim off, another audience, another issuer, expired, {@code alg: none} or HS256 with the public key, they
 *       are refused with 401 and nothing is stored.</li>
 * </ul>
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OidcIT extends PlugboardTestSupport {

    private static final String YAML = "application/yaml";
    private static final String WIREMOCK = WireMockStubs.BASE;
    /** mock-oauth2-server; the issuer "ci-expired" issues tokens expired ten minutes ago (itests/pom.xml). */
    private static final String OAUTH = "http://127.0.0.1:18581";
    private static final String CI_ISSUER = OAUTH + "/ci";
    private static final String CI_AUDIENCE = "plugboard-ci";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockStubs wiremock = new WireMockStubs();
    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private HttpServer receiver;
    private final List<String> forwarded = new CopyOnWriteArrayList<>();

    @Override
    protected Option[] extraOptions() {
        return new Option[] {
            // the issuer is this server as the test reaches it; a rotation's new key signs after 3 s
            editConfigurationFilePut("etc/io.plugboard.core.cfg", "oidcIssuer", BASE),
            editConfigurationFilePut("etc/io.plugboard.core.cfg", "oidcKeyPublishSeconds", "3"),
            editConfigurationFilePut("etc/io.plugboard.executions.cfg", "pollIntervalSeconds", "2"),
        };
    }

    @Before
    public void startReceiver() throws Exception {
        installJose4j();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            forwarded.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    /** The bundle of the JOSE library the test verifies Plugboard's tokens with, from the build's local repository. */
    private void installJose4j() throws Exception {
        for (org.osgi.framework.Bundle b : bundleContext.getBundles()) {
            if ("org.bitbucket.b_c.jose4j".equals(b.getSymbolicName())) {
                return;
            }
        }
        bundleContext.installBundle("mvn:org.bitbucket.b_c/jose4j/0.9.6").start();
    }

    @After
    public void cleanUp() throws Exception {
        receiver.stop(0);
        wiremock.removeAll();
    }

    private void apply(String docs) throws Exception {
        HttpResponse<String> r = send("POST", "/api/v1/apply", adminToken(), YAML, docs);
        assertTrue(r.body(), r.statusCode() == 201 || r.statusCode() == 200);
    }

    // ---- Plugboard as an issuer -----------------------------------------------------------------------

    /** jose4j, with the keys fetched over HTTP from the jwks_uri the discovery document names (no refetching). */
    private Jose4j verifier(String audience) throws Exception {
        JsonNode discovery = json(get("/.well-known/openid-configuration", null));
        HttpResponse<String> jwks = get(URI.create(discovery.path("jwks_uri").asText()).getPath(), null);
        assertEquals(jwks.body(), 200, jwks.statusCode());
        return Jose4j.verifier(jwks.body(), BASE, audience);
    }

    @Test
    public void discoveryAndKeysArePublicAndAProxyCallCarriesATokenAnotherJoseLibraryVerifies() throws Exception {
        HttpResponse<String> discovery = get("/.well-known/openid-configuration", null);
        assertEquals(discovery.body(), 200, discovery.statusCode());
        JsonNode doc = json(discovery);
        assertEquals(BASE, doc.path("issuer").asText());
        assertEquals(BASE + "/.well-known/jwks.json", doc.path("jwks_uri").asText());
        assertEquals("RS256", doc.path("id_token_signing_alg_values_supported").path(0).asText());
        assertTrue(discovery.headers().firstValue("Cache-Control").orElse("").contains("max-age=300"));
        JsonNode key = json(get("/.well-known/jwks.json", null)).path("keys").path(0);
        assertEquals("RSA", key.path("kty").asText());
        assertEquals("sig", key.path("use").asText());
        assertTrue("public only", key.path("d").isMissingNode());

        // a GitHub integration that authenticates with Plugboard's ID token; the stub echoes what it got
        apply("kind: Integration\nmetadata: {name: oidc-gh}\nspec: {type: TYPE_GITHUB, url: '" + WIREMOCK + "/oidcgh', "
                + "auth: {use: AUTH_TYPE_OIDC, oidc: {audience: 'https://ghe.example.com', claims: {team: platform}}}}\n");
        wiremock.stub("GET", "/oidcgh/api/v3/user", "regex:Bearer eyJ[A-Za-z0-9_-]+\\.eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+",
                null, 200, "{\"authorization\": \"{{request.headers.Authorization}}\"}", null, null, null);
        HttpResponse<String> r = get("/api/v1/integrations/oidc-gh/proxy/user", adminToken());
        assertEquals(r.body(), 200, r.statusCode());
        String token = json(r).path("authorization").asText().substring("Bearer ".length());

        Jose4j.Claims claims = verifier("https://ghe.example.com").verify(token);
        assertEquals("org:default:integration:oidc-gh", claims.subject());
        assertEquals("platform", claims.string("team"));
        assertEquals("oidc-gh", claims.string("integration"));
        long lifetime = claims.expiresAt() - claims.issuedAt();
        assertTrue("at most 15 minutes: " + lifetime, lifetime > 0 && lifetime <= 900);
        assertTrue("the audience is checked: the verifier does not take everything",
                verifier("https://someone-else.example.com").refuses(token));
        String shown = executeCommand("plugboard:oidc-token oidc-gh");
        assertTrue(shown, shown.contains("\"sub\":\"org:default:integration:oidc-gh\"") && shown.contains("Expires:"));
        assertJsonError(send("POST", "/api/v1/integrations/oidc-gh/oidc-token", null, null, null), 401, "unauthorized");
    }

    /**
     * Tokens signed before, during and after a rotation all verify with the JWKS a verifier fetched just after the
     * rotation began (the new key is published before it signs), and with the JWKS at the end (the old key stays).
     */
    @Test
    public void aRotationDuringWhichEveryTokenVerifies() throws Exception {
        apply("kind: Integration\nmetadata: {name: oidc-rot}\nspec: {type: TYPE_GITHUB, url: '" + WIREMOCK + "/oidcrot', "
                + "auth: {use: AUTH_TYPE_OIDC, oidc: {audience: rotation}}}\n");
        List<String> tokens = new ArrayList<>();
        tokens.add(mint("oidc-rot"));
        String oldKid = kid(tokens.get(0));

        HttpResponse<String> rotated = send("POST", "/api/v1/oidc/keys/rotate", adminToken(), null, null);
        assertEquals(rotated.body(), 200, rotated.statusCode());
        String newKid = json(rotated).path("kid").asText();
        assertEquals("NEXT", json(rotated).path("state").asText());
        Jose4j cachedAtRotation = verifier("rotation");
        Set<String> kids = new LinkedHashSet<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!kids.contains(newKid)) {
            assertTrue("the new key signs within 30 s", System.nanoTime() < deadline);
            String token = mint("oidc-rot");
            tokens.add(token);
            kids.add(kid(token));
            Thread.sleep(100); // paces the minting loop; the loop's exit is the new key being seen, not a delay
        }
        tokens.add(mint("oidc-rot"));
        assertTrue("the old key signed after the rotation began: " + kids, kids.contains(oldKid));
        Jose4j fresh = verifier("rotation");
        for (String token : tokens) {
            cachedAtRotation.verify(token);
            fresh.verify(token);
        }
        JsonNode keys = json(get("/api/v1/oidc/keys", adminToken()));
        assertEquals(keys.toString(), 2, keys.path("items").size());
        assertEquals("RETIRING", keys.path("items").path(0).path("state").asText());
        assertEquals("ACTIVE", keys.path("items").path(1).path("state").asText());
        String listed = executeCommand("plugboard:oidc-key-list");
        assertTrue(listed, listed.contains(newKid) && listed.contains("RETIRING") && listed.contains("ACTIVE"));
    }

    private String mint(String integration) throws Exception {
        HttpResponse<String> r = send("POST", "/api/v1/integrations/" + integration + "/oidc-token", adminToken(), null, null);
        assertEquals(r.body(), 200, r.statusCode());
        return json(r).path("token").asText();
    }

    private static String kid(String token) throws Exception {
        String header = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
        return JSON.readTree(header).path("kid").asText();
    }

    /**
     * The AWS provider: Plugboard's ID token goes to STS AssumeRoleWithWebIdentity (the documented form parameters, no
     * AWS credentials), the temporary credentials sign the call with SigV4, and they are kept for the next call.
     * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html
     */
    @Test
    public void anAwsCallIsSignedWithCredentialsStsGaveForPlugboardsToken() throws Exception {
        apply("kind: Integration\nmetadata: {name: aws-lambda}\nspec: {type: TYPE_AWS, url: '" + WIREMOCK + "/awslambda', "
                + "auth: {use: AUTH_TYPE_OIDC, oidc: {audience: sts.amazonaws.com, roleArn: 'arn:aws:iam::123456789012:role/plugboard', "
                + "region: eu-west-1, service: lambda, stsUrl: '" + WIREMOCK + "/sts'}}}\n");
        ObjectNode sts = JSON.createObjectNode();
        ObjectNode request = sts.putObject("request");
        request.put("method", "POST");
        request.put("url", "/sts/");
        ObjectNode stsHeaders = request.putObject("headers");
        stsHeaders.putObject("Content-Type").put("contains", "application/x-www-form-urlencoded");
        stsHeaders.putObject("Authorization").put("absent", true);
        var body = request.putArray("bodyPatterns");
        for (String part : List.of("Action=AssumeRoleWithWebIdentity", "Version=2011-06-15",
                "RoleArn=" + URLEncoder.encode("arn:aws:iam::123456789012:role/plugboard", StandardCharsets.UTF_8),
                "RoleSessionName=plugboard-aws-lambda", "DurationSeconds=3600")) {
            body.addObject().put("matches", "(.*&)?" + java.util.regex.Pattern.quote(part) + "(&.*)?");
        }
        body.addObject().put("matches", "(.*&)?WebIdentityToken=eyJ[A-Za-z0-9_-]+\\.eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+(&.*)?");
        sts.put("scenarioName", "aws-sts");
        sts.put("requiredScenarioState", "Started");
        sts.put("newScenarioState", "exchanged");
        // the session token is the web identity token it was given, so the test can check what Plugboard sent
        sts.putObject("response").put("status", 200)
                .put("body", "{{formData request.body 'form' urlDecode=true}}<AssumeRoleWithWebIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                        + "<AssumeRoleWithWebIdentityResult><Credentials><AccessKeyId>ASIAPLUGBOARDTEST</AccessKeyId>"
                        + "<SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY</SecretAccessKey>"
                        + "<SessionToken>{{form.WebIdentityToken}}</SessionToken>"
                        + "<Expiration>{{now offset='1 hours'}}</Expiration></Credentials>"
                        + "<SubjectFromWebIdentityToken>org:default:integration:aws-lambda</SubjectFromWebIdentityToken>"
                        + "</AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>")
                .putArray("transformers").add("response-template");
        ((ObjectNode) sts.path("response")).putObject("headers").put("Content-Type", "text/xml");
        wiremock.mapping(sts);
        // Lambda ListFunctions, signed: https://docs.aws.amazon.com/lambda/latest/api/API_ListFunctions.html
        ObjectNode lambda = JSON.createObjectNode();
        ObjectNode call = lambda.putObject("request");
        call.put("method", "GET");
        call.put("url", "/awslambda/2015-03-31/functions");
        ObjectNode headers = call.putObject("headers");
        headers.putObject("Authorization").put("matches", "AWS4-HMAC-SHA256 Credential=ASIAPLUGBOARDTEST/[0-9]{8}/eu-west-1/"
                + "lambda/aws4_request, SignedHeaders=([a-z0-9-]+;)*host;([a-z0-9-]+;)*x-amz-date;x-amz-security-token"
                + "(;[a-z0-9-]+)*, Signature=[0-9a-f]{64}");
        headers.putObject("X-Amz-Date").put("matches", "[0-9]{8}T[0-9]{6}Z");
        headers.putObject("X-Amz-Security-Token").put("matches", "eyJ.+");
        lambda.putObject("response").put("status", 200)
                .put("body", "{\"Functions\": [], \"sessionToken\": \"{{request.headers.X-Amz-Security-Token}}\"}")
                .putArray("transformers").add("response-template");
        ((ObjectNode) lambda.path("response")).putObject("headers").put("Content-Type", "application/json");
        wiremock.mapping(lambda);

        HttpResponse<String> r = get("/api/v1/integrations/aws-lambda/proxy/2015-03-31/functions", adminToken());
        assertEquals(r.body(), 200, r.statusCode());
        assertEquals("exchanged", wiremock.scenario("aws-sts"));
        String webIdentityToken = json(r).path("sessionToken").asText();
        assertEquals("org:default:integration:aws-lambda", verifier("sts.amazonaws.com").verify(webIdentityToken).subject());

        // the credentials are kept: STS (whose stub answers once) is not asked again
        HttpResponse<String> again = get("/api/v1/integrations/aws-lambda/proxy/2015-03-31/functions", adminToken());
        assertEquals(again.body(), 200, again.statusCode());
        assertEquals(webIdentityToken, json(again).path("sessionToken").asText());
    }

    // ---- inbound: CI jobs' ID tokens ------------------------------------------------------------------

    /**
     * An ID token from mock-oauth2-server with the claims given: its sign-in form (prompt=login) takes the claims,
     * and the code exchange answers the id_token, whose {@code aud} is the client id.
     */
    private String ciToken(String issuerId, String clientId, Map<String, Object> claims) throws Exception {
        String redirect = "http://127.0.0.1:1/cb";
        String authorize = OAUTH + "/" + issuerId + "/authorize?client_id=" + clientId + "&response_type=code&redirect_uri="
                + URLEncoder.encode(redirect, StandardCharsets.UTF_8) + "&scope=openid&state=s&nonce=n&prompt=login";
        HttpResponse<String> login = client.send(HttpRequest.newBuilder(URI.create(authorize))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=ci-job&claims="
                        + URLEncoder.encode(JSON.writeValueAsString(claims), StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(login.body(), 302, login.statusCode());
        String location = login.headers().firstValue("Location").orElseThrow();
        String code = location.replaceAll(".*[?&]code=([^&]+).*", "$1");
        HttpResponse<String> token = client.send(HttpRequest.newBuilder(URI.create(OAUTH + "/" + issuerId + "/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=" + code + "&redirect_uri="
                        + URLEncoder.encode(redirect, StandardCharsets.UTF_8) + "&client_id=" + clientId
                        + "&client_secret=any")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(token.body(), 200, token.statusCode());
        return JSON.readTree(token.body()).path("id_token").asText();
    }

    private static final Map<String, Object> GOOD = Map.of("repository", "octo/hello", "ref", "refs/heads/main",
            "workflow", "deploy");

    private void applyCiIntegration() throws Exception {
        apply("kind: Integration\nmetadata: {name: ci-gh}\nspec: {type: TYPE_GITHUB, url: '" + WIREMOCK + "/cigh', "
                + "oidc: {enabled: true, issuer: '" + CI_ISSUER + "', audience: " + CI_AUDIENCE + ", "
                + "claims: {repository: octo/hello, ref: 'refs/heads/*'}}}\n"
                + "---\nkind: EventSource\nmetadata: {name: ci-deploys}\nspec: {integration: {domain: ORGANIZATION, name: ci-gh}, "
                + "github: {repository: octo/hello}, forward: {url: 'http://127.0.0.1:" + receiver.getAddress().getPort()
                + "/hook'}}\n");
    }

    private HttpResponse<String> postEvent(String bearer, String id) throws Exception {
        return request("POST", "/api/v1/integrations/ci-gh/events", bearer == null ? null : "Bearer " + bearer,
                "application/json", "{\"id\": \"" + id + "\", \"type\": \"deploy.finished\", \"data\": {\"version\": \"1.2.3\"}, "
                        + "\"attributes\": {\"repository\": \"octo/hello\"}}", null);
    }

    private int storedEvents() throws Exception {
        String uid = json(get("/api/v1/integrations/ci-gh", adminToken())).path("metadata").path("uid").asText();
        return json(get("/api/v1/events?integration=" + uid + "&limit=500", adminToken())).path("items").size();
    }

    @Test
    public void aCiJobsTokenWithTheClaimsPostsAnEventStoredDispatchedAndDeduplicated() throws Exception {
        applyCiIntegration();
        String token = ciToken("ci", CI_AUDIENCE, GOOD);
        String id = "run-" + UUID.randomUUID();
        HttpResponse<String> accepted = postEvent(token, id);
        assertEquals(accepted.body(), 202, accepted.statusCode());
        String eventId = json(accepted).path("id").asText();
        waitFor("forwarded to the event source", Duration.ofSeconds(20), () -> !forwarded.isEmpty());
        assertTrue(forwarded.get(0), forwarded.get(0).contains("\"version\": \"1.2.3\""));
        JsonNode event = json(get("/api/v1/events/" + eventId, adminToken()));
        assertEquals("deploy.finished", event.path("eventType").asText());
        assertEquals("ci-deploys", event.path("deliveries").path(0).path("eventSource").path("name").asText());

        HttpResponse<String> again = postEvent(token, id);
        assertEquals(again.body(), 200, again.statusCode());
        assertTrue(json(again).path("duplicate").asBoolean());
        assertEquals(eventId, json(again).path("id").asText());
        assertEquals("the token may do nothing else", 401, get("/api/v1/integrations", token).statusCode());
        assertEquals(401, get("/api/v1/events/" + eventId, token).statusCode());
    }

    /** Each refusal is a 401 that tells the caller nothing; the log says why, and nothing is stored. */
    @Test
    public void tokensThatMayNotActAreRefusedWith401AndNothingIsStored() throws Exception {
        applyCiIntegration();
        // trusts the issuer whose tokens expired ten minutes ago, and nothing else differs
        apply("kind: Integration\nmetadata: {name: ci-late}\nspec: {type: TYPE_GITHUB, url: '" + WIREMOCK + "/cilate', "
                + "oidc: {enabled: true, issuer: '" + OAUTH + "/ci-expired', audience: " + CI_AUDIENCE + ", "
                + "claims: {repository: octo/hello}}}\n");
        int before = storedEvents();
        String good = ciToken("ci", CI_AUDIENCE, GOOD);
        String[] parts = good.split("\\.");
        String noneHeader = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        // token, integration, what the log must say
        List<String[]> refused = List.of(
                new String[] {ciToken("ci", CI_AUDIENCE, Map.of("repository", "octo/other", "ref", "refs/heads/main")),
                    "ci-gh", "claim 'repository' is 'octo/other'"},
                new String[] {ciToken("ci", CI_AUDIENCE, Map.of("repository", "octo/hello", "ref", "refs/tags/v1")),
                    "ci-gh", "claim 'ref' is 'refs/tags/v1'"},
                new String[] {ciToken("ci", "someone-else", GOOD), "ci-gh", "aud"},
                new String[] {ciToken("other-ci", CI_AUDIENCE, GOOD), "ci-gh", "iss"},
                new String[] {ciToken("ci-expired", CI_AUDIENCE, GOOD), "ci-late", "Expired"},
                new String[] {noneHeader + "." + parts[1] + ".", "ci-gh", "algorithm none"},
                new String[] {hs256WithThePublicKey(parts[1]), "ci-gh", "algorithm HS256"},
                new String[] {parts[0] + "." + parts[1] + "." + tampered(parts[2]), "ci-gh", "signature"});
        for (String[] token : refused) {
            int logged = logLines().size();
            HttpResponse<String> r = request("POST", "/api/v1/integrations/" + token[1] + "/events", "Bearer " + token[0],
                    "application/json", "{\"id\": \"refused-" + UUID.randomUUID() + "\", \"type\": \"deploy.finished\"}", null);
            assertJsonError(r, 401, "unauthorized");
            assertFalse("no reason to the caller: " + r.body(), r.body().contains("claim") || r.body().contains("xpired"));
            waitFor("the log says why: " + token[2], Duration.ofSeconds(5), () -> logLines().stream().skip(logged)
                    .anyMatch(l -> l.contains("ID token refused for") && l.contains(token[2])));
        }
        assertTrue("no token in the log", logLines().stream().noneMatch(l -> l.contains(parts[2])));
        assertJsonError(postEvent(null, "no-token"), 401, "unauthorized");
        assertEquals("nothing stored", before, storedEvents());
        assertEquals(202, postEvent(good, "control-" + UUID.randomUUID()).statusCode());
        assertEquals(before + 1, storedEvents());
        assertJsonError(request("POST", "/api/v1/integrations/ci-gh/events", "Bearer " + good, "application/json",
                "{\"type\": \"deploy.finished\"}", null), 400, "invalid");
        assertJsonError(request("POST", "/api/v1/integrations/ci-gh/events", "Bearer " + good, "application/json",
                "not json", null), 400, "invalid_json");
    }

    private static String tampered(String signature) {
        char last = signature.charAt(signature.length() - 10);
        return signature.substring(0, signature.length() - 10) + (last == 'A' ? 'B' : 'A')
                + signature.substring(signature.length() - 9);
    }

    private static List<String> logLines() throws Exception {
        return java.nio.file.Files.readAllLines(java.nio.file.Paths.get(System.getProperty("karaf.data"), "log", "karaf.log"));
    }

    /** HS256 with mock-oauth2-server's public RSA key (its JWK as text) as the HMAC secret: the classic confusion. */
    private String hs256WithThePublicKey(String payload) throws Exception {
        String jwks = client.send(HttpRequest.newBuilder(URI.create(CI_ISSUER + "/jwks")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String key = JSON.readTree(jwks).path("keys").path(0).toString();
        String header = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String input = header + "." + payload;
        return input + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    public void aCiJobCompletesTheExecutionItRunsWithItsToken() throws Exception {
        String admin = adminToken();
        apply("kind: Secret\nmetadata: {name: gl-ci}\nspec: {data: {token: glpat-ci}}\n---\n"
                + "kind: Integration\nmetadata: {name: gl-ci}\nspec: {type: TYPE_GITLAB, url: '" + WIREMOCK + "/glci', "
                + "auth: {use: AUTH_TYPE_TOKEN, token: {valueFrom: {secret: {name: gl-ci, key: token}}}}, "
                + "oidc: {enabled: true, issuer: '" + CI_ISSUER + "', audience: " + CI_AUDIENCE + ", "
                + "claims: {project_path: grp/ci}}}\n");
        // https://docs.gitlab.com/api/pipelines/#create-a-new-pipeline and #get-a-single-pipeline (still running)
        ObjectNode create = JSON.createObjectNode();
        create.put("ref", "main");
        wiremock.stub("POST", "/glci/api/v4/projects/grp%2Fci/pipeline", "Bearer glpat-ci", create, 201,
                "{\"id\": 501, \"status\": \"running\"}", null, null, null);
        wiremock.stub("GET", "/glci/api/v4/projects/grp%2Fci/pipelines/501", "Bearer glpat-ci", null, 200,
                "{\"id\": 501, \"status\": \"running\"}", null, null, null);
        HttpResponse<String> started = send("POST", "/api/v1/executions", admin, "application/json",
                "{\"executor\": {\"type\": \"TYPE_GITLAB\", \"integration\": {\"domain\": \"ORGANIZATION\", \"name\": \"gl-ci\"}, "
                        + "\"gitlab\": {\"project\": \"grp/ci\", \"ref\": \"main\"}}}");
        assertEquals(started.body(), 201, started.statusCode());
        String id = json(started).path("id").asText();
        waitFor("running", Duration.ofSeconds(20),
                () -> "RUNNING".equals(json(get("/api/v1/executions/" + id, admin)).path("state").asText()));

        String complete = "{\"state\": \"PASSED\", \"outputs\": {\"artifact\": \"app-1.2.3.jar\"}}";
        String otherProject = ciToken("ci", CI_AUDIENCE, Map.of("project_path", "grp/other"));
        assertJsonError(request("POST", "/api/v1/executions/" + id + "/complete", "Bearer " + otherProject,
                "application/json", complete, null), 401, "unauthorized");
        assertJsonError(request("POST", "/api/v1/executions/no-such-id/complete", "Bearer " + otherProject,
                "application/json", complete, null), 401, "unauthorized");
        assertEquals("RUNNING", json(get("/api/v1/executions/" + id, admin)).path("state").asText());

        String job = ciToken("ci", CI_AUDIENCE, Map.of("project_path", "grp/ci"));
        HttpResponse<String> done = request("POST", "/api/v1/executions/" + id + "/complete", "Bearer " + job,
                "application/json", complete, null);
        assertEquals(done.body(), 200, done.statusCode());
        assertEquals("PASSED", json(done).path("state").asText());
        assertEquals("app-1.2.3.jar", json(done).path("outputs").path("artifact").asText());
        assertNotEquals("", json(done).path("finishedAt").asText(""));
        assertJsonError(request("POST", "/api/v1/executions/" + id + "/complete", "Bearer " + job, "application/json",
                complete, null), 409, "conflict");
        assertEquals("the job's token may not cancel", 401,
                request("POST", "/api/v1/executions/" + id + "/cancel", "Bearer " + job, null, null, null).statusCode());
    }
}
